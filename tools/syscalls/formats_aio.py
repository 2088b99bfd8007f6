"""stap 4.8's names and argstr for the native AIO calls, lookup_dcookie and rt_sigreturn (see formats.py)."""

FORMATS = {
    "io_setup": dict(args="maxevents:u ctxp_uaddr:p", argstr='"%u, %p", maxevents, ctxp_uaddr'),
    "io_destroy": dict(args="ctx:z", argstr='"%u", ctx'),
    "io_submit": dict(args="ctx_id:z nr:l iocbpp_uaddr:p", argstr='"%u, %d, %p", ctx_id, nr, iocbpp_uaddr'),
    "io_cancel": dict(args="ctx_id:z iocb_uaddr:p result_uaddr:p",
                      argstr='"%u, %p, %p", ctx_id, iocb_uaddr, result_uaddr'),
    # The timeout as stap shows a timespec pointer: [SEC.NSEC] or NULL.
    "io_getevents": dict(args="ctx_id:z min_nr:l nr:l events_uaddr:p timeout_uaddr:p",
                         extra="timestr = _struct_timespec_u(timeout_uaddr, 1)",
                         argstr='"%u, %d, %d, %p, %s", ctx_id, min_nr, nr, events_uaddr, timestr'),
    "lookup_dcookie": dict(args="cookie:z buffer_uaddr:p len:z",
                           argstr='"%#lx, %p, %#x", cookie, buffer_uaddr, len'),
    "rt_sigreturn": dict(args="", argstr='""'),
}
