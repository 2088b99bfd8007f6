# tty_pty.stp's target: opens a pty pair, resizes it through the master, writes a line to the slave
# and reads it back from the master, then closes both.
mkdir -p /dev/pts
mount -t devpts -o ptmxmode=666 devpts /dev/pts 2>/dev/null
exec python3 -c '
import os, fcntl, termios, struct
m, s = os.openpty()
fcntl.ioctl(m, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 640, 480))
os.write(s, b"hi there\n")
os.read(m, 100)
os.close(s)
os.close(m)
'
