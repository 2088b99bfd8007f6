# Forks once for /bin/true and runs exit itself (scheduler_process_fork).
/bin/true
exit 0
