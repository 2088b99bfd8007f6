# small_functions_2.stp's target: ignores SIGUSR1 (do_sigaction with SIG_IGN), then unlinks a file of a known name.
trap "" USR1
touch /tmp/stp-d-name-test
rm /tmp/stp-d-name-test
