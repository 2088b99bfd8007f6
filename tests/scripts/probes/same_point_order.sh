# getppid(2) from perl (same_point_order), then the atvar program.
/usr/bin/perl -e getppid
/var/tmp/stapper-programs/atvar
