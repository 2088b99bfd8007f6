# Checks it may signal pid 1 (signal 0), then sends it SIGCONT (syscall_kill, signal_send).
kill -0 1
kill -CONT 1
