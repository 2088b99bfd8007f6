# openat(2) with flag sets the tapset has to spell out; every path is missing, so nothing is created.
my ($tmp, $sync, $dsync, $creat) = ("nodir", "missing.txt", "missing.txt", "nodir/new.txt");
syscall(257, -100, $tmp, 0x410002, 0600);      # O_TMPFILE|O_RDWR
syscall(257, 7, $sync, 0x101000, 0);           # O_SYNC, a plain dfd
syscall(257, -100, $dsync, 0x1401, 0);         # O_WRONLY|O_APPEND|O_DSYNC
syscall(257, -100, $creat, 0xc1, 0640);        # O_WRONLY|O_CREAT|O_EXCL
