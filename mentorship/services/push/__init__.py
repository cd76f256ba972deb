"""Web Push: a person's devices, their push choices and the push outbox (docs/PUSH.md).

The floor under notify: `notify()` hands each new notification to `outbox.queue_for` and each bundled bump to
`outbox.bumped`; this area knows notifications only by their model, never by notify's code.
"""
