"""What patients write, per topic, in English and Spanish; and the phrases that make a message urgent."""

from __future__ import annotations

BODIES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "Medical question": (
            "I have had a dry cough for {days} days and it is worse at night. Should I come in?",
            "Since starting the new blood pressure pill I feel dizzy in the mornings. Is that expected?",
            "My knee is still swollen {days} days after the fall. Can the nurse advise me?",
        ),
        "Billing question": (
            "I received a bill for my visit on {date} but my insurance should have covered it.",
            "Could you explain the charge of ${amount} on my last statement?",
        ),
        "Appointment question": (
            "I need to move my appointment on {date} to later in the week, if possible.",
            "Is there an earlier opening with my provider this month?",
        ),
        "Prescription renewal": (
            "Please renew my lisinopril prescription; I have {days} days of tablets left.",
            "I need a refill of my inhaler before my trip next week.",
        ),
        "Test results question": ("I saw my cholesterol result. What does it mean for me?",),
    },
    "es": {
        "Medical question": (
            "Tengo tos seca desde hace {days} días y empeora por la noche. ¿Debo ir a la clínica?",
            "Desde que empecé la nueva pastilla para la presión me mareo por las mañanas. ¿Es normal?",
        ),
        "Billing question": ("Recibí una factura por mi visita del {date}, pero mi seguro debería cubrirla.",),
        "Appointment question": ("Necesito cambiar mi cita del {date} para más tarde en la semana.",),
        "Prescription renewal": ("Por favor, renueve mi receta de lisinopril; me quedan pastillas para {days} días.",),
        "Test results question": ("Vi mi resultado de colesterol. ¿Qué significa para mí?",),
    },
}

URGENT_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("I have chest pain", "I can't breathe", "I cannot breathe well since this morning"),
    "es": ("Tengo dolor en el pecho", "No puedo respirar"),
}

# What patients put in the subject line, per topic. None of them contains an urgent phrase.
SUBJECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "Medical question": ("Question about my cough", "Dizzy since the new pill", "Swollen knee after a fall"),
        "Billing question": ("Question about my bill", "Charge on my statement"),
        "Appointment question": ("Moving my appointment", "An earlier appointment"),
        "Prescription renewal": ("Renewal of my prescription", "Inhaler refill"),
        "Test results question": ("My cholesterol result",),
    },
    "es": {
        "Medical question": ("Pregunta sobre mi tos", "Mareos con la pastilla nueva"),
        "Billing question": ("Pregunta sobre mi factura",),
        "Appointment question": ("Cambiar mi cita",),
        "Prescription renewal": ("Renovar mi receta",),
        "Test results question": ("Mi resultado de colesterol",),
    },
}

# A canned response as a pool would keep it, with the portal's merge fields (MSG-05).
CANNED_RESPONSE_TEXT = (
    "Hello {patient_first_name}, thank you for your message. Your results are in the normal range"
    " and there is nothing you need to do. {staff_name}, {clinic_name}"
)
# A staff member's own words when answering a patient.
STAFF_ANSWER_TEXT = "Thank you for your message. A nurse has looked at it; please book a routine visit."
