## CohortStatus
cohort-status-draft = draft
cohort-status-open = open for applications
cohort-status-closed = applications closed
cohort-status-approved = roster approved
cohort-status-running = running
cohort-status-completed = completed
cohort-status-cancelled = cancelled

## ApplicationStatus
application-status-pending = pending review
application-status-admitted = admitted
application-status-waitlisted = waitlisted
application-status-rejected = not admitted
application-status-withdrawn = withdrawn
application-status-offered = place offered
application-status-declined = offer declined

## AttendanceStatus
attendance-present = present
attendance-late = late
attendance-absent = absent
attendance-excused = excused

## WeldingProcess
process-smaw = shielded metal arc welding
process-gmaw = gas metal arc welding
process-gtaw = gas tungsten arc welding
process-fcaw = flux-cored arc welding
process-saw = submerged arc welding

## SkillLevel
level-apprentice = apprentice
level-beginner = beginner (level 5)
level-intermediate = intermediate (level 4)
level-advanced = advanced (level 3)
level-technician = technician (level 2)
level-senior-technician = senior technician (level 1)
level-principal = principal technician
level-chief = chief technician

## Trade
trade-welder = welder
trade-electrician = electrician
trade-fitter = fitter
trade-lathe-operator = lathe operator
trade-plumber = plumber
trade-mason = mason

## SessionKind
session-kind-theory = theory
session-kind-practical = practical
session-kind-assessment = assessment
