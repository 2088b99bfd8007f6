/bin/true
/bin/true
