"""The service layer: every business rule of the portal lives here, behind small classes.

Routes, interfaces and templates call services; services read `Settings` for thresholds and the
`Clock` for time, and refuse requests by raising `RefusedError` with patient-facing problems.
"""
