# The target of block_loop.stp and ioscheduler_loop.stp: a loop device over a 64 KiB file with the mq-deadline
# scheduler, read once with O_DIRECT (one 4 KiB read bio, one request).
exec >/dev/null 2>&1
modprobe loop
dd if=/dev/zero of=/tmp/block_loop.img bs=1k count=64
losetup /dev/loop0 /tmp/block_loop.img || exit 1
echo mq-deadline > /sys/block/loop0/queue/scheduler
dd if=/dev/loop0 of=/dev/null bs=4096 count=1 iflag=direct
losetup -d /dev/loop0
