# udp_loopback.stp's target: one UDP datagram to itself over loopback, received.
ip link set lo up 2>/dev/null
exec python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5353))
s.sendto(b"ping", ("127.0.0.1", 5353))
s.recvfrom(16)
s.close()
'
