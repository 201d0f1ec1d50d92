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

CATALOGUE: dict[str, str] = {**LAYOUT, **PUBLIC, **RECORD, **PROFILE, **MESSAGES, **EMAILS, **RELEASE_2026_2}
