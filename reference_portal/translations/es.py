"""Spanish (es): the English text (as in messages.py and the templates) -> the Spanish text.

Texts with {placeholders} keep the same placeholders. Emails never name a result, a message,
a specialty or a person (no PHI), in Spanish as in English.
"""

from __future__ import annotations

from reference_portal import messages as m

# --- the layout: header, navigation, footer, session warning ------------------------------------
LAYOUT = {
    "Skip to main content": "Saltar al contenido principal",
    "Sign out": "Cerrar sesión",
    "Home": "Inicio",
    "Messages": "Mensajes",
    "Test results": "Resultados de pruebas",
    "Health summary": "Resumen de salud",
    "Sharing": "Compartir",
    "Profile": "Perfil",
    "Language": "Idioma",
    "Release": "Versión",
    "In an emergency, call 911. Do not use the portal for urgent medical needs.": (
        "En caso de emergencia, llame al 911. No use el portal para necesidades médicas urgentes."
    ),
    "There is a problem": "Hay un problema",
    "You will be signed out soon": "Pronto cerraremos su sesión",
    "Stay signed in": "Seguir conectado",
    "For your security, we will sign you out in {time} because you have not done anything for a while.": (
        "Por su seguridad, cerraremos su sesión en {time} porque no ha tenido actividad durante un tiempo."
    ),
    "For your security, your session ends in {time} and cannot be extended. Save anything you are writing.": (
        "Por su seguridad, su sesión termina en {time} y no se puede extender. Guarde lo que esté escribiendo."
    ),
    "You have been signed out": "Se ha cerrado su sesión",
    "Sign in again": "Iniciar sesión de nuevo",
    "minute": "minuto",
    "minutes": "minutos",
    "second": "segundo",
    "seconds": "segundos",
    "You are viewing your own record": "Está viendo su propio expediente",
    "Whose record": "Expediente de",
    "Switch": "Cambiar",
    "Go to the start page": "Ir a la página de inicio",
    "If you typed the web address, check it is correct.": "Si escribió la dirección web, compruebe que sea correcta.",
    "Try again later.": "Inténtelo más tarde.",
}

# --- public pages, enrollment and sign-in -------------------------------------------------------
PUBLIC = {
    "Welcome": "Bienvenida",
    "Riverbend Health patient portal": "Portal del paciente de Riverbend Health",
    "See your test results, message your care team and keep track of your health, at any time of day.": (
        "Vea sus resultados de pruebas, escriba a su equipo de atención y siga su salud a cualquier hora del día."
    ),
    "Already have an account?": "¿Ya tiene una cuenta?",
    "Use your username, your password and a code we email to you.": (
        "Use su nombre de usuario, su contraseña y un código que le enviamos por correo electrónico."
    ),
    "Sign in": "Iniciar sesión",
    "Got a code from your clinic?": "¿Recibió un código de su clínica?",
    "Use the activation code from your clinic letter and your date of birth to set up your account.": (
        "Use el código de activación de la carta de su clínica y su fecha de nacimiento para crear su cuenta."
    ),
    "Activate your account": "Active su cuenta",
    "Parent or carer with a proxy code?": "¿Es padre, madre o cuidador con un código de representante?",
    "A parent or carer with a proxy code?": "¿Es padre, madre o cuidador con un código de representante?",
    "Activate proxy access": "Activar el acceso como representante",
    "New to Riverbend Health?": "¿Es nuevo en Riverbend Health?",
    "Create an account online and confirm who you are.": "Cree una cuenta en línea y confirme su identidad.",
    "Sign up": "Registrarse",
    "Opening hours and phone numbers": "Horarios y teléfonos",
    "Check when your clinic is open and how to call them.": "Consulte cuándo abre su clínica y cómo llamarla.",
    "Find your clinic": "Encuentre su clínica",
    "Forgot your password?": "¿Olvidó su contraseña?",
    "First time here?": "¿Es su primera vez aquí?",
    "Use your activation code": "Use su código de activación",
    "or": "o",
    "sign up": "regístrese",
    "Username": "Nombre de usuario",
    "Password": "Contraseña",
    "Confirm password": "Confirme la contraseña",
    "Email address": "Correo electrónico",
    "First name": "Nombre",
    "Last name": "Apellido",
    "Date of birth": "Fecha de nacimiento",
    "Activation code": "Código de activación",
    "One-time code": "Código de un solo uso",
    "Email address for sign-in codes": "Correo electrónico para los códigos de inicio de sesión",
    "Enter your sign-in code": "Escriba su código de inicio de sesión",
    "We have emailed a 6-digit code to the address you gave. Entering it confirms the address and signs you in."
    " It works once and expires after 10 minutes.": (
        "Le enviamos un código de 6 dígitos a la dirección que indicó. Al escribirlo, confirma la dirección e"
        " inicia sesión. Funciona una sola vez y vence a los 10 minutos."
    ),
    "We have emailed you a 6-digit code. It works once and expires after 10 minutes.": (
        "Le enviamos un código de 6 dígitos por correo electrónico. Funciona una sola vez y vence a los 10 minutos."
    ),
    "Verify": "Verificar",
    "No email? Check your spam folder, or": "¿No le llegó el correo? Revise su carpeta de correo no deseado, o",
    "start again": "empiece de nuevo",
    "to get a new code.": "para recibir un código nuevo.",
    "Set up sign-in codes": "Configure los códigos de inicio de sesión",
    "Each time you sign in, we will email you a code to prove it is you. First, confirm where we should send it.": (
        "Cada vez que inicie sesión, le enviaremos un código para comprobar que es usted. Primero, confirme a"
        " dónde debemos enviarlo."
    ),
    "Use an address only you can read. We will send a code to it now.": (
        "Use una dirección que solo usted pueda leer. Le enviaremos un código ahora."
    ),
    "Send a code": "Enviar un código",
    "You can already sign in and use your account. To speed things up, bring a photo ID to your next visit.": (
        "Ya puede iniciar sesión y usar su cuenta. Para agilizar el proceso, traiga una identificación con foto"
        " a su próxima visita."
    ),
    "Request a new code": "Pedir un código nuevo",
    "Enter the activation code from your clinic and your date of birth.": (
        "Escriba el código de activación de su clínica y su fecha de nacimiento."
    ),
    "10 letters and numbers, for example ABCDE-FGHJK": "10 letras y números, por ejemplo ABCDE-FGHJK",
    "Continue": "Continuar",
    "Code expired or lost?": "¿Su código venció o lo perdió?",
    "Ask for a new activation code": "Pida un código de activación nuevo",
    "Create your account": "Cree su cuenta",
    "Choose how you will sign in. We will email you a code each time you sign in.": (
        "Elija cómo iniciará sesión. Le enviaremos un código por correo electrónico cada vez que inicie sesión."
    ),
    "At least 8 characters. A long passphrase is best.": "Al menos 8 caracteres. Lo mejor es una frase larga.",
    "Create account": "Crear cuenta",
    "Create your account online. Before we show you any health information, your clinic checks who you are;"
    " this usually takes up to 2 business days.": (
        "Cree su cuenta en línea. Antes de mostrarle información de salud, su clínica confirma su identidad;"
        " esto suele tardar hasta 2 días hábiles."
    ),
    "Got an activation code from your clinic?": "¿Recibió un código de activación de su clínica?",
    "instead: it is quicker.": "en su lugar: es más rápido.",
    "About you": "Sobre usted",
    "How you will sign in": "Cómo iniciará sesión",
    "Request a new activation code": "Pida un código de activación nuevo",
    "Activation codes work for a limited time and only once. Tell us who you are and your clinic's front desk"
    " will send you a new one. It replaces any code you were given before.": (
        "Los códigos de activación funcionan por tiempo limitado y una sola vez. Díganos quién es y la recepción"
        " de su clínica le enviará uno nuevo. Reemplaza cualquier código que haya recibido antes."
    ),
    "We only use it if we need to contact you about this request.": (
        "Solo lo usaremos si necesitamos comunicarnos con usted sobre esta solicitud."
    ),
    "You can also call your clinic's front desk, or ask at your next visit.": (
        "También puede llamar a la recepción de su clínica o preguntar en su próxima visita."
    ),
    "Back to activate your account": "Volver a activar su cuenta",
    "We have your request": "Recibimos su solicitud",
    "Your new code will come by email to the address your clinic has on file for you."
    " It works once, for {days} days.": (
        "Su código nuevo llegará por correo electrónico a la dirección que su clínica tiene registrada."
        " Funciona una sola vez, durante {days} días."
    ),
    "When it arrives,": "Cuando llegue,",
    "activate your account": "active su cuenta",
    "with it and your date of birth.": "con él y su fecha de nacimiento.",
    "Account set-up paused": "Creación de la cuenta en pausa",
    "You do not need to do anything now. If you need care in the meantime, call your clinic.": (
        "No necesita hacer nada por ahora. Si necesita atención mientras tanto, llame a su clínica."
    ),
    "Back to the home page": "Volver a la página principal",
}

# --- signed in: home, messages, results, health summary ------------------------------------------
RECORD = {
    "Welcome,": "Hola,",
    "What would you like to do today?": "¿Qué desea hacer hoy?",
    "Ask your care team": "Pregunte a su equipo de atención",
    "Send a question to your clinic's care team.": "Envíe una pregunta al equipo de atención de su clínica.",
    "Write to your care team": "Escriba a su equipo de atención",
    "Your record": "Su expediente",
    "Medicines, allergies, conditions and immunizations.": "Medicamentos, alergias, afecciones y vacunas.",
    "Review your record": "Revise su expediente",
    "Your health record": "Su expediente de salud",
    "New message": "Mensaje nuevo",
    "Ask your care team a question. We answer within one business day.": (
        "Haga una pregunta a su equipo de atención. Respondemos en un día hábil."
    ),
    "Inbox": "Bandeja de entrada",
    "Topic": "Tema",
    "Date": "Fecha",
    "Status": "Estado",
    "Subject": "Asunto",
    "Message": "Mensaje",
    "Reply": "Respuesta",
    "Attachment": "Archivo adjunto",
    "Choose a topic": "Elija un tema",
    "You have no messages yet.": "Todavía no tiene mensajes.",
    "Messages are not for emergencies. In an emergency, call 911.": (
        "Los mensajes no son para emergencias. En caso de emergencia, llame al 911."
    ),
    "Back to messages": "Volver a los mensajes",
    "Messages are not for emergencies. In an emergency, call 911 or go to the nearest emergency room.": (
        "Los mensajes no son para emergencias. En caso de emergencia, llame al 911 o vaya a la sala de"
        " emergencias más cercana."
    ),
    "Send message": "Enviar mensaje",
    "Cancel": "Cancelar",
    "Conversation": "Conversación",
    "Send a reply": "Enviar una respuesta",
    "Send reply": "Enviar respuesta",
    "Automatic reply": "Respuesta automática",
    "Waiting for reply": "Esperando respuesta",
    "Replied": "Respondido",
    "Medical question": "Pregunta médica",
    "Appointment question": "Pregunta sobre una cita",
    "Billing question": "Pregunta sobre facturación",
    "Prescription renewal": "Renovación de receta",
    "Test results question": "Pregunta sobre resultados de pruebas",
    "Results preferences": "Preferencias de resultados",
    "Test results are not part of your access to this record.": (
        "Los resultados de pruebas no forman parte de su acceso a este expediente."
    ),
    "1 new result is waiting for your clinician to review. It will appear here by {date} at the latest.": (
        "1 resultado nuevo está esperando la revisión de su médico. Aparecerá aquí a más tardar el {date}."
    ),
    "{count} new results are waiting for your clinician to review. They will appear here by {date} at the latest.": (
        "{count} resultados nuevos están esperando la revisión de su médico. Aparecerán aquí a más tardar el {date}."
    ),
    "Test results, newest first": "Resultados de pruebas, los más recientes primero",
    "Test": "Prueba",
    "Result": "Resultado",
    "Flag": "Indicador",
    "New": "Nuevo",
    "final": "final",
    "preliminary": "preliminar",
    "corrected": "corregido",
    "Final": "Final",
    "Preliminary": "Preliminar",
    "High": "Alto",
    "Critical high": "Críticamente alto",
    "Very high": "Muy alto",
    "Above high normal": "Por encima de lo normal",
    "Low": "Bajo",
    "Critical low": "Críticamente bajo",
    "Very low": "Muy bajo",
    "Below low normal": "Por debajo de lo normal",
    "Abnormal": "Anormal",
    "Critical abnormal": "Críticamente anormal",
    "Resistant": "Resistente",
    "Intermediate": "Intermedio",
    "There are no test results to show yet.": "Todavía no hay resultados de pruebas para mostrar.",
    "Back to test results": "Volver a los resultados de pruebas",
    "Corrected": "Corregido",
    "on": "el",
    ". The lab corrected this result; it replaces the earlier report.": (
        ". El laboratorio corrigió este resultado; reemplaza el informe anterior."
    ),
    "Value": "Valor",
    "Reference range": "Rango de referencia",
    "Not given": "No indicado",
    "None": "Ninguno",
    "Performing lab": "Laboratorio",
    "Ordered by": "Pedido por",
    "Collected": "Fecha de la muestra",
    "Reported": "Fecha del informe",
    "Questions about this result?": "¿Tiene preguntas sobre este resultado?",
    "Lab work": "Análisis de laboratorio",
    "new test result": "resultado de prueba nuevo",
    "new test results": "resultados de pruebas nuevos",
    "No new test results": "No hay resultados de pruebas nuevos",
    "See your latest lab work as soon as it is ready.": "Vea sus últimos análisis en cuanto estén listos.",
    "See your lab work": "Vea sus análisis",
    "Upcoming appointments": "Próximas citas",
    "When should new results appear?": "¿Cuándo deben aparecer los resultados nuevos?",
    "Most results are ready within a few days. If you choose to wait, a result appears when your clinician has"
    " reviewed it, or after {days} days at the latest.": (
        "La mayoría de los resultados están listos en pocos días. Si elige esperar, un resultado aparece cuando"
        " su médico lo haya revisado, o a más tardar después de {days} días."
    ),
    "Save": "Guardar",
    "Only the patient, or their parent or legal guardian, can choose when new results appear.": (
        "Solo el paciente, o su padre, madre o tutor legal, puede elegir cuándo aparecen los resultados nuevos."
    ),
    "There is no health record to show.": "No hay un expediente de salud para mostrar.",
    "What {name}'s care team has recorded about their health.": (
        "Lo que el equipo de atención de {name} ha registrado sobre su salud."
    ),
    "What your care team has recorded about your health.": "Lo que su equipo de atención ha registrado sobre su salud.",
    "See all test results": "Ver todos los resultados de pruebas",
    "Health problems": "Problemas de salud",
    "Problem": "Problema",
    "Noted": "Registrado",
    "No health problems are recorded.": "No hay problemas de salud registrados.",
    "Medications": "Medicamentos",
    "Medication": "Medicamento",
    "Instructions": "Instrucciones",
    "Prescribed by": "Recetado por",
    "Started": "Inicio",
    "No medications are recorded.": "No hay medicamentos registrados.",
    "Allergies": "Alergias",
    "Allergy": "Alergia",
    "Reaction": "Reacción",
    "Severity": "Gravedad",
    "No allergies are recorded.": "No hay alergias registradas.",
    "Immunizations": "Vacunas",
    "Vaccine": "Vacuna",
    "Date given": "Fecha de aplicación",
    "Dose": "Dosis",
    "Given by": "Aplicada por",
    "No immunizations are recorded.": "No hay vacunas registradas.",
    "Vitals": "Signos vitales",
    "Measurement": "Medición",
    "Units": "Unidades",
    "No vitals are recorded.": "No hay signos vitales registrados.",
    "Care team": "Equipo de atención",
    "Name": "Nombre",
    "Role": "Función",
    "No care team members are recorded.": "No hay miembros del equipo de atención registrados.",
    "Home readings": "Mediciones en casa",
    "Add a reading": "Agregar una medición",
    "Reading": "Medición",
    "Reading type": "Tipo de medición",
    "Choose a type": "Elija un tipo",
    "Source": "Origen",
    "Readings you take at home, like blood pressure or weight, appear here for your care team.": (
        "Las mediciones que toma en casa, como la presión arterial o el peso, aparecen aquí para su equipo de atención."
    ),
    "Clinical notes": "Notas clínicas",
    "Note": "Nota",
    "Type": "Tipo",
    "Written by": "Escrita por",
    "There are no clinical notes to show.": "No hay notas clínicas para mostrar.",
    "Your clinic": "Su clínica",
    "Clinic": "Clínica",
    "Phone": "Teléfono",
    "Not listed": "No indicado",
    "Opening hours": "Horario de atención",
}

# --- profile and duplicate enrollment (demographics area) ---------------------------------------
PROFILE = {
    "Your profile": "Su perfil",
    "Street address": "Dirección",
    "Apartment, suite or unit (optional)": "Apartamento, suite o unidad (opcional)",
    "City": "Ciudad",
    "State": "Estado",
    "ZIP code": "Código postal",
    "Two letters, like IL": "Dos letras, por ejemplo IL",
    "Request changes": "Solicitar cambios",
    "Waiting for verification": "Pendiente de verificación",
    "You asked to change these details. Our staff will check them before they are saved to your record.": (
        "Usted pidió cambiar estos datos. Nuestro personal los revisará antes de guardarlos en su expediente."
    ),
    "Your requested changes": "Los cambios que solicitó",
    "Detail": "Dato",
    "On your record": "En su expediente",
    "Requested": "Solicitado",
    "(none)": "(ninguno)",
    "Address": "Dirección",
    "To change your name or date of birth, contact your clinic.": (
        "Para cambiar su nombre o fecha de nacimiento, comuníquese con su clínica."
    ),
    "Change your contact details": "Cambie sus datos de contacto",
    "Our staff check every change before it is saved to your record.": (
        "Nuestro personal revisa cada cambio antes de guardarlo en su expediente."
    ),
    "Your account has no health record of its own yet, so there are no contact details to show.": (
        "Su cuenta todavía no tiene un expediente de salud propio, así que no hay datos de contacto para mostrar."
    ),
}

# --- messages.py: what the portal says, and every notification email ----------------------------
MESSAGES = {
    m.ACTIVATION_CODE_MISSING: "Escriba su código de activación",
    m.DATE_OF_BIRTH_MISSING: "Escriba su fecha de nacimiento",
    m.DATE_OF_BIRTH_INVALID: "Escriba su fecha de nacimiento como una fecha real",
    m.ACTIVATION_NOT_RIGHT: "El código de activación o la fecha de nacimiento no son correctos",
    m.ACTIVATION_VOID: "Este código de activación ya no se puede usar. Pida uno nuevo a su clínica.",
    m.ACTIVATION_EXPIRED: "Este código de activación venció.",
    m.ACTIVATION_USED: "Este código de activación ya se usó.",
    m.USERNAME_MISSING: "Escriba un nombre de usuario",
    m.USERNAME_TAKEN: "Ese nombre de usuario ya está en uso. Elija otro.",
    m.EMAIL_MISSING: "Escriba su correo electrónico",
    m.EMAIL_INVALID: "Escriba un correo electrónico con el formato correcto, como nombre@ejemplo.com",
    m.PASSWORD_MISSING: "Escriba una contraseña",
    m.PASSWORD_TOO_COMMON: "Esa contraseña es demasiado común. Elija otra.",
    m.PASSWORD_IS_USERNAME: "Su contraseña no debe ser su nombre de usuario.",
    m.PASSWORD_CONFIRM_MISSING: "Escriba su contraseña otra vez",
    m.PASSWORD_MISMATCH: "Las contraseñas no coinciden.",
    m.ACCOUNT_READY: "Su cuenta está lista. Inicie sesión para continuar.",
    m.SIGN_IN_USERNAME_MISSING: "Escriba su nombre de usuario",
    m.SIGN_IN_PASSWORD_MISSING: "Escriba su contraseña",
    m.SIGN_IN_INCORRECT: "Su nombre de usuario o contraseña no son correctos.",
    m.ACCOUNT_LOCKED: "Su cuenta está bloqueada. Comuníquese con soporte para desbloquearla.",
    m.ONE_TIME_CODE_MISSING: "Escriba el código que le enviamos",
    m.ONE_TIME_CODE_WRONG: "Ese código no es correcto o venció.",
    m.SIGNED_OUT: "Cerró su sesión.",
    m.SESSION_ENDED: "Por su seguridad, cerramos su sesión. Inicie sesión de nuevo para continuar.",
    m.SESSION_STILL_SIGNED_IN: "Su sesión sigue abierta.",
    m.FIRST_NAME_MISSING: "Escriba su nombre",
    m.LAST_NAME_MISSING: "Escriba su apellido",
    m.DATE_OF_BIRTH_IN_FUTURE: "Su fecha de nacimiento debe estar en el pasado",
    m.SIGNED_UP: (
        "Su cuenta está creada. Inicie sesión para continuar. Confirmaremos su identidad antes de mostrarle"
        " su información de salud."
    ),
    m.MFA_SET_UP: (
        "Los códigos de inicio de sesión están configurados. Le enviaremos un código cada vez que inicie sesión."
    ),
    m.PASSWORD_CHANGED: "Su contraseña cambió. Inicie sesión con su contraseña nueva.",
    m.MESSAGE_TOPIC_MISSING: "Elija un tema",
    m.MESSAGE_SUBJECT_MISSING: "Escriba un asunto",
    m.MESSAGE_BODY_MISSING: "Escriba su mensaje",
    m.MESSAGE_SENT: "Su mensaje se envió.",
    m.REPLY_SENT: "Su respuesta se envió.",
    m.MESSAGING_NOT_ALLOWED: "Los mensajes no están disponibles para este expediente.",
    m.URGENT_ADVISORY: (
        "Si se trata de una emergencia, llame al 911 o vaya ahora a la sala de emergencias más cercana."
        " No espere una respuesta a este mensaje."
    ),
    m.RESULTS_PREFERENCE_SAVED: "Su preferencia de resultados está guardada.",
    m.READING_SAVED: "Su medición está guardada. Su equipo de atención puede verla.",
    m.SWITCHED_TO_OWN_RECORD: "Ahora está viendo su propio expediente.",
    m.PROFILE_PHONE_MISSING: "Escriba su número de teléfono",
    m.PROFILE_PHONE_INVALID: "Escriba un número de teléfono de 7 a 15 dígitos, como 555-123-4567",
    m.PROFILE_STREET_MISSING: "Escriba su dirección",
    m.PROFILE_CITY_MISSING: "Escriba su ciudad",
    m.PROFILE_STATE_MISSING: "Escriba su estado",
    m.PROFILE_STATE_INVALID: "Escriba el estado con su código de dos letras, como IL",
    m.PROFILE_ZIP_MISSING: "Escriba su código postal",
    m.PROFILE_ZIP_INVALID: "Escriba un código postal de 5 dígitos, como 60601, o ZIP+4, como 60601-1234",
    m.PROFILE_NOTHING_CHANGED: "No cambió ninguno de sus datos.",
    m.PROFILE_CHANGE_REQUESTED: (
        "Gracias. Nuestro personal revisará sus cambios antes de guardarlos en su expediente."
    ),
    m.POSSIBLE_DUPLICATE: (
        "No pudimos terminar de crear su cuenta. Nuestro equipo de soporte se comunicará con usted."
    ),
}

# Every notification email: subjects and bodies, with the same {placeholders}; never PHI.
EMAILS = {
    m.SIGN_IN_CODE_SUBJECT: "Su código de inicio de sesión de Riverbend",
    m.SIGN_IN_CODE_BODY: (
        "Su código de inicio de sesión de Riverbend es {code}.\n\n"
        "Vence en {minutes} minutos y se puede usar una sola vez.\n\n"
        "Si usted no intentó iniciar sesión, puede ignorar este correo o comunicarse con soporte.\n"
    ),
    m.MFA_SETUP_CODE_SUBJECT: "Confirme su correo para los códigos de inicio de sesión de Riverbend",
    m.MFA_SETUP_CODE_BODY: (
        "Su código de confirmación de Riverbend es {code}.\n\n"
        "Escríbalo en el portal para recibir sus códigos de inicio de sesión en esta dirección."
        " Vence en {minutes} minutos y se puede usar una sola vez.\n\n"
        "Si usted no creó una cuenta de Riverbend, puede ignorar este correo.\n"
    ),
    m.NEW_ACTIVATION_CODE_SUBJECT: "Su nuevo código de activación de Riverbend",
    m.NEW_ACTIVATION_CODE_BODY: (
        "Su clínica le dio un nuevo código de activación para el portal del paciente de Riverbend:\n\n"
        "    {code}\n\n"
        "Funciona una sola vez, durante {days} días. Cualquier código que haya recibido antes ya no funciona.\n\n"
        'Vaya al portal, elija "Active su cuenta" y escriba el código con su fecha de nacimiento.\n\n'
        "Si usted no pidió un código nuevo, comuníquese con su clínica.\n"
    ),
    m.RESET_EMAIL_SUBJECT: "Restablezca su contraseña de Riverbend",
    m.RESET_EMAIL_BODY: (
        "Alguien pidió restablecer la contraseña de su cuenta del portal del paciente de Riverbend.\n\n"
        "Para elegir una contraseña nueva, abra este enlace:\n{link}\n\n"
        "El enlace funciona una sola vez y vence en {minutes} minutos.\n\n"
        "Si usted no lo pidió, ignore este correo: su contraseña no cambió.\n"
    ),
    m.PASSWORD_CHANGED_SUBJECT: "Su contraseña cambió",
    m.PASSWORD_CHANGED_BODY: (
        "La contraseña de su cuenta del portal del paciente de Riverbend cambió.\n\n"
        "Si usted la cambió, no necesita hacer nada.\n\n"
        "Si no fue usted, comuníquese con soporte de inmediato para que podamos proteger su cuenta.\n"
    ),
    m.PROXY_ENDED_SUBJECT: "Su acceso como representante en Riverbend cambió",
    m.PROXY_ENDED_BODY: "Su acceso como representante a una cuenta terminó. Inicie sesión para ver los detalles.\n",
    m.PROXY_GRANTED_SUBJECT: "Le dieron acceso en el portal de Riverbend",
    m.PROXY_GRANTED_BODY: (
        "Alguien le dio acceso como representante a su cuenta en el portal del paciente de Riverbend.\n\n"
        "Inicie sesión para ver los detalles.\n"
    ),
    m.NEW_RESULTS_SUBJECT: "Tiene resultados de pruebas nuevos",
    m.NEW_RESULTS_BODY: "Tiene resultados de pruebas nuevos. Inicie sesión para verlos.\n",
    m.NEW_MESSAGE_SUBJECT: "Tiene un mensaje nuevo de su equipo de atención",
    m.NEW_MESSAGE_BODY: (
        "Tiene un mensaje nuevo de su equipo de atención. Inicie sesión para leerlo.\n\n"
        "Inicie sesión en el portal del paciente de Riverbend para leerlo y responder.\n"
    ),
    # VDT area: a record transmitted by email (to whomever the patient chose)
    m.VDT_RECORD_EMAIL_SUBJECT: "Expediente de salud de Riverbend Health",
    m.VDT_RECORD_EMAIL_BODY: (
        "{sender} le envió un expediente de salud desde el portal del paciente de Riverbend Health.\n\n"
        "El expediente va adjunto como un documento C-CDA de continuidad de la atención (XML)."
    ),
}

# --- releases area: texts that only the 2026.2 layout and pages use (templates/releases/2026.2/) ---
RELEASE_2026_2 = {
    "Menu": "Menú",
    "Not for emergencies": "No es para emergencias",
    "Enter your date of birth and the activation code from your clinic.": (
        "Escriba su fecha de nacimiento y el código de activación de su clínica."
    ),
}

# --- proxy access, record download/send and password reset pages --------------------------------
PROXY_EXPORT_ACCOUNT = {
    # proxy: record bar, sharing page, people table
    m.VIEWING_RECORD: "Está viendo el expediente de {name}",
    "full access": "acceso completo",
    "limited access": "acceso limitado",
    "Your own record": "Su propio expediente",
    "Share access to your record": "Comparta el acceso a su expediente",
    "This page is about your own record. Only {name} or the clinic can change who sees {name}'s record.": (
        "Esta página trata de su propio expediente. Solo {name} o la clínica pueden cambiar quién ve el expediente de"
        " {name}."
    ),
    (
        "You do not have a record of your own at Riverbend Health to share. You can view the records other people have"
        " shared with you: choose one under “Whose record”."
    ): (
        "Usted no tiene un expediente propio en Riverbend Health para compartir. Puede ver los expedientes que otras"
        " personas compartieron con usted: elija uno en “Expediente de”."
    ),
    "Until you are {age}, your parent or guardian looks after your record with you and has full access to it.": (
        "Hasta que cumpla {age} años, su padre, madre o tutor cuida su expediente con usted y tiene acceso completo a"
        " él."
    ),
    "Who can see your record": "Quién puede ver su expediente",
    (
        "Your parents can see part of your record: {parts}. You decide whether they also see the rest, such as test"
        " results, notes and medicines."
    ): (
        "Sus padres pueden ver parte de su expediente: {parts}. Usted decide si también ven el resto, como los"
        " resultados de pruebas, las notas y los medicamentos."
    ),
    (
        "Even with full access, a parent never sees results about sexual health, pregnancy, HIV, mental health,"
        " substance use or genetic tests. Only you and your care team see those."
    ): (
        "Aun con acceso completo, sus padres nunca ven resultados sobre salud sexual, embarazo, VIH, salud mental,"
        " consumo de sustancias ni pruebas genéticas. Solo usted y su equipo de atención los ven."
    ),
    "Your parents and guardians": "Sus padres y tutores",
    "No parent or guardian has access to your record.": "Ningún padre, madre ni tutor tiene acceso a su expediente.",
    (
        "You can let another adult you trust, like a family member or carer, see your record and message your care team"
        " for you. You choose how long for, and you can take access away at any time."
    ): (
        "Puede permitir que otro adulto de su confianza, como un familiar o cuidador, vea su expediente y escriba a su"
        " equipo de atención en su nombre. Usted decide por cuánto tiempo y puede quitarle el acceso en cualquier"
        " momento."
    ),
    "People who can see your record": "Personas que pueden ver su expediente",
    "Nobody else can see your record.": "Nadie más puede ver su expediente.",
    "Share with someone new": "Compartir con otra persona",
    "Username or email address": "Nombre de usuario o correo electrónico",
    "The person needs their own Riverbend Health portal account.": (
        "La persona necesita su propia cuenta del portal de Riverbend Health."
    ),
    "Access ends on": "El acceso termina el",
    "At most {months} months from today, until {latest}. You can renew it before then.": (
        "Como máximo {months} meses a partir de hoy, hasta el {latest}. Puede renovarlo antes de esa fecha."
    ),
    "Also share my substance use treatment records": (
        "Compartir también mis registros de tratamiento por consumo de sustancias"
    ),
    "These records are protected by federal law (42 CFR Part 2) and are only shared if you agree.": (
        "Estos registros están protegidos por la ley federal (42 CFR Parte 2) y solo se comparten si usted lo autoriza."
    ),
    "Share access": "Compartir el acceso",
    "Have a proxy code from the clinic for a child or someone you care for?": (
        "¿Tiene un código de representante de la clínica para un niño o una persona que usted cuida?"
    ),
    "Name": "Nombre",
    "Relationship": "Relación",
    "Access": "Acceso",
    "Until": "Hasta",
    "Actions": "Acciones",
    "Parent": "Padre o madre",
    "Adult proxy": "Representante adulto",
    "Legal guardian": "Tutor legal",
    "Expired": "Vencido",
    "Not enrolled yet": "Aún no inscrito",
    "Limited access": "Acceso limitado",
    "Full access": "Acceso completo",
    "Renew access": "Renovar el acceso",
    "Revoke access": "Quitar el acceso",
    "Revoke full access": "Quitar el acceso completo",
    "Grant full access": "Dar acceso completo",
    "for {name}": "de {name}",
    "to {name}": "a {name}",
    # the parts a parent of a 12 to 17 year old sees ("messages, appointments and allergies")
    "messages": "mensajes",
    "appointments": "citas",
    "health summary": "resumen de salud",
    "immunizations": "vacunas",
    "allergies": "alergias",
    "and": "y",
    # proxy: activation with a proxy code, the proxy's account, access ended
    "Ask the clinic for a new proxy code.": "Pida a la clínica un código de representante nuevo.",
    (
        "A parent or carer can see a child's record, or the record of someone they look after, with a proxy code from"
        " the clinic."
    ): (
        "Con un código de representante de la clínica, un padre, una madre o un cuidador puede ver el expediente de un"
        " niño o de una persona a su cuidado."
    ),
    "The record will be added to your account,": "El expediente se agregará a su cuenta,",
    "Proxy code": "Código de representante",
    "Patient's date of birth": "Fecha de nacimiento del paciente",
    "The date of birth of the child or person whose record you will see, not yours.": (
        "La fecha de nacimiento del niño o de la persona cuyo expediente verá, no la suya."
    ),
    "Already have a Riverbend Health account?": "¿Ya tiene una cuenta de Riverbend Health?",
    "first, then come back to this page to add the record to your account.": (
        "primero y luego vuelva a esta página para agregar el expediente a su cuenta."
    ),
    "Create your proxy account": "Cree su cuenta de representante",
    (
        "Your code is right. Create your own account to see {name}'s record. We will email you a code each time you"
        " sign in."
    ): (
        "Su código es correcto. Cree su propia cuenta para ver el expediente de {name}. Le enviaremos un código por"
        " correo electrónico cada vez que inicie sesión."
    ),
    "You no longer have access to this record": "Ya no tiene acceso a este expediente",
    "Your proxy access to the record you were viewing has ended or has been taken away, so it is no longer shown.": (
        "Su acceso como representante al expediente que estaba viendo terminó o se le quitó, por eso ya no se muestra."
    ),
    "You are now viewing your own record.": "Ahora está viendo su propio expediente.",
    m.SWITCHED_TO_RECORD: "Ahora está viendo el expediente de {name}.",
    "If you think this is a mistake, contact the clinic.": (
        "Si cree que se trata de un error, comuníquese con la clínica."
    ),
    "Go to your home page": "Ir a su página de inicio",
    # proxy: messages (flashed or shown in the error summary)
    m.SWITCH_NOT_ALLOWED: "Usted no tiene acceso a ese expediente.",
    m.SHARE_IDENTIFIER_MISSING: (
        "Escriba el nombre de usuario o el correo electrónico de la persona con quien quiere compartir"
    ),
    m.SHARE_PERSON_NOT_FOUND: "No encontramos una cuenta del portal con ese nombre de usuario o correo electrónico.",
    m.SHARE_EMAIL_AMBIGUOUS: "Hay más de una cuenta con ese correo electrónico. Escriba su nombre de usuario.",
    m.SHARE_WITH_YOURSELF: "No puede compartir el acceso con usted mismo.",
    m.SHARE_WITH_MINOR: "Solo puede compartir el acceso a su expediente con un adulto.",
    m.SHARE_ALREADY: "{name} ya tiene acceso a su expediente.",
    m.SHARE_ENDS_ON_INVALID: "Escriba la fecha en que termina el acceso como una fecha real",
    m.SHARE_ENDS_ON_PAST: "La fecha en que termina el acceso debe ser futura",
    m.SHARE_ENDS_ON_TOO_LATE: "El acceso se puede compartir por un máximo de {months} meses, hasta el {latest}",
    m.SHARE_MINOR: "Podrá compartir el acceso a su expediente con otro adulto a partir de que cumpla 18 años.",
    m.SHARE_NOT_AN_ADULT_PROXY: "Aquí solo se puede renovar el acceso que usted mismo compartió.",
    m.SHARED: "{name} ahora puede ver su expediente hasta el {until}.",
    m.REVOKED: "{name} ya no puede ver su expediente.",
    m.FULL_ACCESS_GRANTED: "{name} ahora tiene acceso completo a su expediente, excepto a los resultados delicados.",
    m.FULL_ACCESS_REVOKED: "{name} ahora tiene acceso limitado a su expediente.",
    m.FULL_ACCESS_ONLY_ADOLESCENT: "Aquí solo un paciente de 12 a 17 años puede cambiar el acceso de sus padres.",
    m.PROXY_NOT_FOUND: "Esa persona no tiene acceso a su expediente.",
    m.PROXY_CODE_MISSING: "Escriba su código de representante",
    m.PATIENT_BIRTH_DATE_MISSING: "Escriba la fecha de nacimiento del paciente",
    m.PATIENT_BIRTH_DATE_INVALID: "Escriba la fecha de nacimiento del paciente como una fecha real",
    m.PROXY_CODE_NOT_RIGHT: "El código de representante o la fecha de nacimiento no son correctos",
    m.PROXY_CODE_VOID: "Este código de representante ya no se puede usar. Pida uno nuevo a su clínica.",
    m.PROXY_CODE_EXPIRED: "Este código de representante venció. Pida uno nuevo a su clínica.",
    m.PROXY_CODE_USED: "Este código de representante ya se usó.",
    m.PROXY_CODE_OWN_RECORD: (
        "Este código de representante es para su propio expediente. Use un código de activación para abrir su propio"
        " expediente."
    ),
    m.PROXY_CODE_ALREADY_PROXY: "Usted ya tiene acceso a este expediente.",
    m.PROXY_CODE_ACCESS_ENDED: "Este código de representante ya no se puede usar: el paciente ahora es adulto.",
    m.PROXY_ATTACHED: "Ahora puede ver el expediente de {name}. Elíjalo en “Expediente de”.",
    # record download and send (VDT)
    "Download your record": "Descargue su expediente",
    "Save a copy of the health record of": "Guarde una copia del expediente de salud de",
    ": what you can see in the portal.": ": lo que usted puede ver en el portal.",
    "Save a copy of your health record, to keep or to give to another provider.": (
        "Guarde una copia de su expediente de salud, para conservarla o entregarla a otro proveedor."
    ),
    "Format": "Formato",
    "Human-readable (PDF-free HTML/text)": "Legible para personas (HTML/texto, sin PDF)",
    "Health record for another provider (C-CDA XML)": "Expediente de salud para otro proveedor (C-CDA XML)",
    (
        "The human-readable file is plain text you can read or print. The C-CDA file is the standard format other"
        " providers' systems can import."
    ): (
        "El archivo legible es texto sencillo que puede leer o imprimir. El archivo C-CDA está en el formato estándar"
        " que pueden importar los sistemas de otros proveedores."
    ),
    "Download": "Descargar",
    "Downloads are listed in the": "Las descargas aparecen en el",
    "activity log": "registro de actividad",
    "Send your record": "Envíe su expediente",
    "Send a copy of the health record, as a C-CDA document, to another provider or to yourself.": (
        "Envíe una copia del expediente de salud, como documento C-CDA, a otro proveedor o a usted mismo."
    ),
    "Send to": "Enviar a",
    "An email address": "Una dirección de correo electrónico",
    "A Direct address": "Una dirección Direct",
    (
        "A Direct address is the secure address a provider uses to exchange health records, like"
        " dr.reyes@direct.eastside.example.org."
    ): (
        "Una dirección Direct es la dirección segura que usa un proveedor para intercambiar expedientes de salud, como"
        " dr.reyes@direct.eastside.example.org."
    ),
    "Only if you chose an email address.": "Solo si eligió una dirección de correo electrónico.",
    "Email is not encrypted": "El correo electrónico no está cifrado",
    (
        "Email is not a secure way to send health information: others may be able to read it on its way. Send to an"
        " email address only if you accept that risk. A Direct address is secure."
    ): (
        "El correo electrónico no es una forma segura de enviar información de salud: otras personas podrían leerlo en"
        " el camino. Envíelo a una dirección de correo electrónico solo si acepta ese riesgo. Una dirección Direct es"
        " segura."
    ),
    "I understand that email is not secure": "Entiendo que el correo electrónico no es seguro",
    "Direct address": "Dirección Direct",
    "Only if you chose a Direct address.": "Solo si eligió una dirección Direct.",
    "Send record": "Enviar expediente",
    "Records you send are listed, with the address, in the": (
        "Los expedientes que envíe aparecen, con la dirección, en el"
    ),
    "Which dates?": "¿Qué fechas?",
    "Everything": "Todo",
    "A date range": "Un período de fechas",
    "A date range includes both the From day and the To day, in your clinic's time zone.": (
        "Un período de fechas incluye el día Desde y el día Hasta, en la zona horaria de su clínica."
    ),
    "From": "Desde",
    "To": "Hasta",
    "Summary": "Resumen",
    "Send": "Enviar",
    "Activity log": "Registro de actividad",
    (
        "Every time the health record was viewed, downloaded or sent from the portal, and by whom. Times are in the"
        " clinic's time zone"
    ): (
        "Cada vez que se vio, descargó o envió el expediente de salud desde el portal, y quién lo hizo. Las horas están"
        " en la zona horaria de la clínica"
    ),
    "Views, downloads and transmissions": "Consultas, descargas y envíos",
    "Action": "Acción",
    "Date and time": "Fecha y hora",
    "Who": "Quién",
    "Addressee": "Destinatario",
    "Nobody has viewed, downloaded or sent this record yet.": (
        "Nadie ha visto, descargado ni enviado este expediente todavía."
    ),
    "Viewed health summary": "Vio el resumen de salud",
    "Downloaded record (human-readable)": "Descargó el expediente (legible para personas)",
    "Downloaded record (C-CDA XML)": "Descargó el expediente (C-CDA XML)",
    "Sent record by email": "Envió el expediente por correo electrónico",
    "Sent record by Direct message": "Envió el expediente por mensaje Direct",
    "Show a date range": "Mostrar un período de fechas",
    "Show": "Mostrar",
    m.VDT_CHOOSE_DATES: "Elija qué fechas incluir",
    m.VDT_CHOOSE_DESTINATION: "Elija adónde enviar el expediente",
    m.VDT_CHOOSE_FORMAT: "Elija un formato",
    m.VDT_DATE_RANGE_BACKWARDS: "La fecha Hasta debe ser igual o posterior a la fecha Desde",
    m.VDT_DATE_RANGE_EMPTY: "Escriba una fecha Desde, una fecha Hasta o ambas",
    m.VDT_DIRECT_MISSING: "Escriba la dirección Direct a la que quiere enviar el expediente",
    m.VDT_EMAIL_INVALID: "Escriba una dirección de correo electrónico como nombre@example.com",
    m.VDT_EMAIL_MISSING: "Escriba la dirección de correo electrónico a la que quiere enviar el expediente",
    m.VDT_EMAIL_NOT_UNDERSTOOD: "Confirme que entiende que el correo electrónico no es seguro",
    m.VDT_NOT_PERMITTED: "Usted no puede descargar ni enviar este expediente.",
    m.VDT_SEND_FAILED: "No pudimos enviar su expediente. Inténtelo de nuevo más tarde.",
    m.VDT_SENT: "Su expediente se envió a {address}.",
    # patient-reported readings and clinical notes
    "Back to health summary": "Volver al resumen de salud",
    "Record a reading you took at home. Your care team will see it, marked as patient-reported.": (
        "Registre una medición que tomó en casa. Su equipo de atención la verá, marcada como informada por el paciente."
    ),
    "{label} in {units}, like {example}.": "{label} en {units}, como {example}.",
    "Blood pressure": "Presión arterial",
    "Weight": "Peso",
    "Blood glucose": "Glucosa en sangre",
    "Save reading": "Guardar medición",
    m.READING_TYPE_MISSING: "Elija el tipo de medición",
    m.READING_VALUE_MISSING: "Escriba el valor de su medición",
    m.READING_BLOOD_PRESSURE_INVALID: "Escriba la presión arterial como dos números, como 120/80",
    m.READING_DATE_MISSING: "Escriba la fecha de la medición",
    m.READING_DATE_INVALID: "Escriba la fecha de la medición como una fecha real",
    m.READING_DATE_IN_FUTURE: "La fecha de la medición debe ser hoy o una fecha pasada",
    "Progress note": "Nota de evolución",
    "Substance use treatment note": "Nota de tratamiento por consumo de sustancias",
    "Psychotherapy note": "Nota de psicoterapia",
    (
        "This record is protected by federal confidentiality rules (42 CFR part 2). These rules prohibit anyone who"
        " receives it from sharing it further unless further sharing is expressly permitted by the written consent of"
        " the person it is about, or otherwise permitted by 42 CFR part 2."
    ): (
        "Este registro está protegido por las normas federales de confidencialidad (42 CFR parte 2). Estas normas"
        " prohíben que quien lo reciba lo comparta con otros, a menos que la persona a quien se refiere lo autorice"
        " expresamente por escrito o que lo permita de otro modo la norma 42 CFR parte 2."
    ),
    # password reset
    "Reset your password": "Restablezca su contraseña",
    "Enter your username. We will email a link to the address on your account; it works once, for {minutes} minutes.": (
        "Escriba su nombre de usuario. Le enviaremos un enlace a la dirección de correo electrónico de su cuenta;"
        " funciona una sola vez, durante {minutes} minutos."
    ),
    "Send reset link": "Enviar enlace para restablecer",
    "Remembered it?": "¿La recordó?",
    "Back to sign in": "Volver a iniciar sesión",
    "Check your email": "Revise su correo electrónico",
    (
        "Open the link in the email to choose a new password. If nothing arrives within a few minutes, check your spam"
        " folder, or"
    ): (
        "Abra el enlace del correo electrónico para elegir una contraseña nueva. Si no le llega nada en unos minutos,"
        " revise su carpeta de correo no deseado o"
    ),
    "ask for another link": "pida otro enlace",
    "This link cannot be used": "Este enlace no se puede usar",
    "Password reset links work once, for {minutes} minutes, and only the newest one works.": (
        "Los enlaces para restablecer la contraseña funcionan una sola vez, durante {minutes} minutos, y solo funciona"
        " el más reciente."
    ),
    "Send a new reset link": "Enviar un enlace nuevo",
    "Choose a new password": "Elija una contraseña nueva",
    "After you change it, you will be signed out everywhere and can sign in with the new password.": (
        "Después de cambiarla, se cerrará su sesión en todos los dispositivos y podrá iniciar sesión con la"
        " contraseña nueva."
    ),
    "New password": "Contraseña nueva",
    "Confirm new password": "Confirme la contraseña nueva",
    "Change password": "Cambiar contraseña",
    m.RESET_LINK_SENT: (
        "Si existe una cuenta con ese nombre de usuario, le enviamos por correo electrónico un enlace para"
        " restablecer su contraseña. El enlace funciona una sola vez, durante {minutes} minutos."
    ),
    m.RESET_LINK_EXPIRED: "Este enlace para restablecer la contraseña venció. Pida uno nuevo.",
    m.RESET_LINK_USED: "Este enlace para restablecer la contraseña ya se usó. Pida uno nuevo si lo necesita.",
    m.RESET_LINK_INVALID: "Este enlace para restablecer la contraseña no es válido. Pida uno nuevo.",
}

CATALOGUE: dict[str, str] = {
    **LAYOUT,
    **PUBLIC,
    **RECORD,
    **PROFILE,
    **MESSAGES,
    **EMAILS,
    **RELEASE_2026_2,
    **PROXY_EXPORT_ACCOUNT,
}
