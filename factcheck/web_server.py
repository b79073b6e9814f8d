"""The embedded default's web server: one gunicorn threaded worker, without gunicorn's master.

``manage.py serve`` runs a single web worker. gunicorn's master would only watch it and start it
again if it died: a process of 25 MB that does nothing else. ``serve`` watches this process
instead and starts it again itself. The production topology keeps gunicorn's master, which
manages several workers there (``scripts/production.py``).

Takes gunicorn's own options; the worker is gunicorn's ``gthread`` worker whatever
``--worker-class`` says, and ``--workers`` is ignored::

    python -m factcheck.web_server factcheck.wsgi:application \\
        --config factcheck/gunicorn_config.py --bind 127.0.0.1:8000 --threads 8

It stops gracefully on SIGTERM (within ``--graceful-timeout``), at once on SIGINT or SIGQUIT,
and when its parent process goes.
"""

import os
import sys

from gunicorn import sock, util
from gunicorn.app.wsgiapp import WSGIApplication
from gunicorn.workers.gthread import ThreadWorker


def main() -> None:
    application = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]", prog="web_server")
    cfg = application.cfg
    log = cfg.logger_class(cfg)
    listeners = sock.create_sockets(cfg, log)
    # As gunicorn's master would hand it over; the parent it watches is serve.
    worker = ThreadWorker(1, os.getppid(), listeners, application, cfg.timeout / 2.0, cfg, log)
    worker.pid = os.getpid()
    util._setproctitle(f"web server [{cfg.proc_name}]")
    log.info("Listening at %s (pid %s)", ", ".join(str(s) for s in listeners), worker.pid)
    try:
        worker.init_process()  # serves until it is told to stop; closes its sockets
    finally:
        worker.tmp.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
