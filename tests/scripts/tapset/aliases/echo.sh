# Runs /bin/echo with two arguments (syscall_execve).
/bin/echo one two >/dev/null
exit 0
