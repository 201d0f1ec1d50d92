"""The portal's connections to the outside: the capturing SMTP sink and the HL7 v2 MLLP listener."""
