#!/usr/bin/env python3
"""A pymesos framework with a custom executor (executor.py, run by pymesos's MesosExecutorDriver) that exchanges
framework messages with it both ways: the executor says "ready", the scheduler answers "ping", the executor
"pong" and finishes its task.

The executor and the pure-Python packages it imports are served to the agent's fetcher from this process, as one
archive the fetcher extracts into the sandbox; the executor runs in the image given (a python3 with no packages).

usage: scheduler.py MASTER SERVE_ADDRESS [IMAGE] [TIMEOUT_SECONDS]
  MASTER         host:port of the Mesos master
  SERVE_ADDRESS  an address of this machine the agent's Pods reach (the archive's URL)
exit 0 when the task finished after the messages went both ways, 1 otherwise.
"""
import http.server
import io
import logging
import os
import socket
import sys
import tarfile
import threading
import time

import addict
import http_parser
import pymesos
import six
from pymesos import MesosSchedulerDriver, Scheduler, decode_data, encode_data

EXECUTOR_ID = 'pymesos-messaging-executor'
TASK_ID = 'messages-1'
CPUS, MEM = 0.1, 32.0


def executor_archive():
    """executor.py and the pure-Python files of pymesos, addict, six and http_parser, as a .tar.gz."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode='w:gz') as tar:
        tar.add(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'executor.py'), arcname='executor.py')
        tar.add(six.__file__, arcname='six.py')
        for package in (pymesos, addict, http_parser):
            root = os.path.dirname(package.__file__)
            for name in sorted(os.listdir(root)):
                if name.endswith('.py'):
                    tar.add(os.path.join(root, name), arcname=os.path.join(package.__name__, name))
    return raw.getvalue()


def serve(archive, address):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header('Content-Length', str(len(archive)))
            self.end_headers()
            self.wfile.write(archive)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('0.0.0.0', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return 'http://%s:%d/executor.tar.gz' % (address, server.server_address[1])


def scalar(name, value):
    return dict(name=name, type='SCALAR', scalar=dict(value=value))


class MessagingScheduler(Scheduler):
    def __init__(self, archive_url, image):
        self.archive_url = archive_url
        self.image = image
        self.launched = False
        self.got_pong = False
        self.finished = False
        self.failed = None
        self.done = threading.Event()

    def resourceOffers(self, driver, offers):
        for offer in offers:
            resources = {r['name']: r.get('scalar', {}).get('value', 0) for r in offer['resources']}
            if self.launched or resources.get('cpus', 0) < 2 * CPUS or resources.get('mem', 0) < 2 * MEM:
                driver.declineOffer(offer['id'])
                continue
            self.launched = True
            executor = dict(
                type='CUSTOM',
                executor_id=dict(value=EXECUTOR_ID),
                name='pymesos messaging executor',
                command=dict(value='exec python3 "$MESOS_SANDBOX/executor.py"', uris=[dict(value=self.archive_url, extract=True)]),
                container=dict(type='MESOS', mesos=dict(image=dict(type='DOCKER', docker=dict(name=self.image)))),
                resources=[scalar('cpus', CPUS), scalar('mem', MEM)])
            task = dict(task_id=dict(value=TASK_ID), agent_id=offer['agent_id'], name='messages',
                        executor=executor, resources=[scalar('cpus', CPUS), scalar('mem', MEM)])
            print("Launching task %s with executor %s on %s" % (TASK_ID, EXECUTOR_ID, offer['hostname']))
            driver.launchTasks(offer['id'], [task])

    def frameworkMessage(self, driver, executor_id, agent_id, message):
        text = decode_data(message).decode('utf-8')
        print("Framework message from executor %s: %s" % (executor_id['value'], text))
        if text == 'ready':
            driver.sendFrameworkMessage(executor_id, agent_id, encode_data(b'ping'))
        elif text == 'pong':
            self.got_pong = True
            self.check_done()

    def statusUpdate(self, driver, update):
        print("Task %s is in state %s" % (update['task_id']['value'], update['state']))
        if update['state'] == 'TASK_FINISHED':
            self.finished = True
            self.check_done()
        elif update['state'] in ('TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED'):
            self.failed = '%s: %s' % (update['state'], update.get('message', ''))
            self.done.set()

    def executorLost(self, driver, executor_id, agent_id, status):
        print("Executor %s exited with status %s" % (executor_id['value'], status))

    def check_done(self):
        if self.finished and self.got_pong:
            print("Messages went both ways and the task finished")
            self.done.set()


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    master, address = sys.argv[1], sys.argv[2]
    image = sys.argv[3] if len(sys.argv) > 3 else 'mesos-bridge/python:local'
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 180
    logging.basicConfig(level=logging.WARNING)
    scheduler = MessagingScheduler(serve(executor_archive(), address), image)
    framework = dict(user='root', name='pymesos-executor-messages', hostname=socket.gethostname())
    driver = MesosSchedulerDriver(scheduler, framework, master, use_addict=True)
    driver.start()
    finished_in_time = scheduler.done.wait(timeout)
    driver.stop()
    time.sleep(1)
    if not finished_in_time:
        print("Timed out after %.0f s" % timeout)
        sys.exit(1)
    if scheduler.failed:
        print("Task failed: %s" % scheduler.failed)
        sys.exit(1)
    sys.exit(0)


if __name__ == '__main__':
    main()
