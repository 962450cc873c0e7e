#!/usr/bin/env python2.7
# A small framework on pesos (https://pypi.org/project/pesos/), the pure-Python
# implementation of the *v0* scheduler driver: it speaks the libprocess message
# protocol (RegisterFrameworkMessage, LaunchTasksMessage, KillTaskMessage,
# StatusUpdateAcknowledgementMessage, UnregisterFrameworkMessage, ...) through
# compactor, with the Mesos 0.23 protos pesos vendors.
#
# What it does, against the master given on the command line:
#   1. registers (RegisterFrameworkMessage -> FrameworkRegisteredMessage);
#   2. on the first offer with room for both, launches two command tasks of
#      cpus 0.1 / mem 32 each (LaunchTasksMessage): one that sleeps and one that
#      echoes and finishes; every other offer is declined;
#   3. once the sleeping task is TASK_RUNNING, kills it (KillTaskMessage);
#   4. expects TASK_KILLED for the sleeper and TASK_FINISHED for the echo task;
#   5. stops the driver (UnregisterFrameworkMessage) and exits 0.
# Every status update is acknowledged by pesos itself, before it calls
# statusUpdate: it answers each StatusUpdateMessage with a
# StatusUpdateAcknowledgementMessage to the master (implicit acknowledgement;
# pesos 0.2.2 has no explicit acknowledgeStatusUpdate).
#
# One line per callback goes to stdout, prefixed "PESOS: "; pesos's and
# compactor's own log goes to stderr.
#
# Exit code: 0 success; 1 driver error (FrameworkErrorMessage) or bad master;
# 2 a task ended in an unexpected state; 3 timeout; 64 bad arguments.
#
# Usage: pesos_framework.py [MASTER] [--timeout SECONDS] [--name NAME]
#                           [--task-prefix P] [--sleep-command CMD]
#                           [--echo-command CMD] [--failover-timeout SECONDS]
#   MASTER: host:port (default 127.0.0.1:5050); "master@host:port" and
#   "http://host:port" are accepted too. pesos's detector takes only a fixed
#   "host:port" (no zk://) and makes the master's pid "master@host:port" from
#   it; since pesos ignores every message whose sender pid is not exactly that,
#   the host must be the IP in the master's pid: a host name is resolved here.
from __future__ import print_function

import argparse
import getpass
import logging
import os
import socket
import sys
import threading
import time

from mesos.interface import Scheduler
from pesos.scheduler import PesosSchedulerDriver
from pesos.vendor.mesos import mesos_pb2

EXIT_OK, EXIT_ERROR, EXIT_WRONG_STATE, EXIT_TIMEOUT, EXIT_USAGE = 0, 1, 2, 3, 64
CPUS, MEM = 0.1, 32.0
TERMINAL = (mesos_pb2.TASK_FINISHED, mesos_pb2.TASK_FAILED, mesos_pb2.TASK_KILLED,
            mesos_pb2.TASK_LOST, mesos_pb2.TASK_ERROR)


def say(text):
    # one write per line, so that the lines stay whole when stdout and stderr share a pipe
    sys.stdout.write("PESOS: " + text + "\n")
    sys.stdout.flush()


def state_name(state):
    try:
        return mesos_pb2.TaskState.Name(state)
    except ValueError:
        return "UNKNOWN_STATE_%d" % state


def scalar(resources, name):
    return sum(r.scalar.value for r in resources if r.name == name and r.type == mesos_pb2.Value.SCALAR)


class KillAndFinishScheduler(Scheduler):
    """Launches a sleeper and an echo task on the first offer, kills the sleeper once it runs."""

    def __init__(self, prefix, sleep_command, echo_command):
        self.sleeper = prefix + "-sleeper"
        self.echo = prefix + "-echo"
        self.commands = {self.sleeper: sleep_command, self.echo: echo_command}
        self.expected = {self.sleeper: mesos_pb2.TASK_KILLED, self.echo: mesos_pb2.TASK_FINISHED}
        self.final = {}
        self.launched = False
        self.kill_sent = False
        self.exit_code = None
        self.done = threading.Event()
        self.lock = threading.Lock()

    def finish(self, code, why):
        with self.lock:
            if self.exit_code is not None:
                return
            self.exit_code = code
        say(why)
        self.done.set()

    # -- callbacks (pesos calls the mesos.interface names) -----------------------------------------------

    def registered(self, driver, framework_id, master_info):
        say("registered %s master %s" % (framework_id.value, master_info.pid or master_info.id))

    def reregistered(self, driver, master_info):
        say("reregistered master %s" % (master_info.pid or master_info.id))

    def disconnected(self, driver):
        say("disconnected")

    def resourceOffers(self, driver, offers):
        for offer in offers:
            cpus, mem = scalar(offer.resources, "cpus"), scalar(offer.resources, "mem")
            say("offer %s agent %s host %s cpus %.2f mem %.0f"
                % (offer.id.value, offer.slave_id.value, offer.hostname, cpus, mem))
            with self.lock:
                take = not self.launched and cpus >= 2 * CPUS - 1e-9 and mem >= 2 * MEM
                if take:
                    self.launched = True
            if take:
                tasks = [self.task(offer, task_id) for task_id in (self.sleeper, self.echo)]
                # pesos takes offer id *values* here (it builds the OfferIDs itself)
                driver.launchTasks([offer.id.value], tasks)
                say("launch %s on %s" % (",".join(t.task_id.value for t in tasks), offer.id.value))
            else:
                # a LaunchTasksMessage without tasks: the master declines the offer
                filters = mesos_pb2.Filters(refuse_seconds=3600 if self.launched else 1)
                driver.declineOffer(offer.id.value, filters)
                say("decline %s" % offer.id.value)

    def offerRescinded(self, driver, offer_id):
        say("rescinded %s" % offer_id.value)

    def statusUpdate(self, driver, status):
        task_id, state = status.task_id.value, status.state
        line = "status %s %s" % (task_id, state_name(state))
        if status.message:
            line += " message=%r" % status.message
        say(line)
        if task_id not in self.expected:
            return
        if task_id == self.sleeper and state == mesos_pb2.TASK_RUNNING:
            with self.lock:
                kill, self.kill_sent = not self.kill_sent, True
            if kill:
                driver.killTask(status.task_id)
                say("kill %s" % task_id)
        if state in TERMINAL:
            with self.lock:
                self.final[task_id] = state
                all_ended = len(self.final) == len(self.expected)
            if state != self.expected[task_id]:
                self.finish(EXIT_WRONG_STATE, "task %s ended %s, expected %s"
                            % (task_id, state_name(state), state_name(self.expected[task_id])))
            elif all_ended:
                self.finish(EXIT_OK, "all %d tasks reached their expected state" % len(self.expected))

    def frameworkMessage(self, driver, executor_id, slave_id, data):
        say("framework message from %s on %s" % (executor_id.value, slave_id.value))

    def slaveLost(self, driver, slave_id):
        say("agent lost %s" % slave_id.value)

    def executorLost(self, driver, executor_id, slave_id, status):
        say("executor lost %s on %s status %s" % (executor_id.value, slave_id.value, status))

    def error(self, driver, message):
        say("error %s" % message)
        self.finish(EXIT_ERROR, "driver error, giving up")

    # -- tasks ------------------------------------------------------------------------------------------

    def task(self, offer, task_id):
        task = mesos_pb2.TaskInfo()
        task.task_id.value = task_id
        task.slave_id.value = offer.slave_id.value
        task.name = task_id
        task.command.value = self.commands[task_id]
        task.command.shell = True
        for name, amount in (("cpus", CPUS), ("mem", MEM)):
            resource = task.resources.add()
            resource.name = name
            resource.type = mesos_pb2.Value.SCALAR
            resource.scalar.value = amount
        return task


def master_address(master):
    """host:port as pesos needs it: the IP and port of the master's pid."""
    if master.startswith("zk://"):
        raise ValueError("pesos has no ZooKeeper detector; give the master as host:port")
    for prefix in ("http://", "master@"):
        if master.startswith(prefix):
            master = master[len(prefix):]
    master = master.rstrip("/")
    host, _, port = master.partition(":")
    port = int(port or 5050)
    return socket.gethostbyname(host or "127.0.0.1"), port


def local_ip_towards(ip, port):
    """The address of this host that the master can reach (and sees messages come from)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect((ip, port))
        return probe.getsockname()[0]
    finally:
        probe.close()


def current_user():
    try:
        return getpass.getuser()
    except Exception:
        return "root"


def main(argv):
    parser = argparse.ArgumentParser(description="pesos (v0 driver) framework: launch, kill, acknowledge")
    parser.add_argument("master", nargs="?", default="127.0.0.1:5050")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up after this many seconds (exit 3)")
    parser.add_argument("--name", default="pesos-framework")
    parser.add_argument("--task-prefix", default="pesos-task")
    parser.add_argument("--sleep-command", default="sleep 60")
    parser.add_argument("--echo-command", default="echo hello from pesos")
    parser.add_argument("--failover-timeout", type=float, default=60.0)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_OK if e.code == 0 else EXIT_USAGE

    try:
        ip, port = master_address(args.master)
    except (ValueError, socket.error) as e:
        say("bad master %r: %s" % (args.master, e))
        return EXIT_ERROR
    # compactor binds to LIBPROCESS_IP (all interfaces if unset) and, when unset, names itself
    # after gethostbyname(gethostname()); use the address the master will see instead
    if not os.environ.get("LIBPROCESS_IP"):
        os.environ["LIBPROCESS_IP"] = local_ip_towards(ip, port)

    framework = mesos_pb2.FrameworkInfo()
    framework.user = current_user()
    framework.name = args.name
    framework.failover_timeout = args.failover_timeout

    scheduler = KillAndFinishScheduler(args.task_prefix, args.sleep_command, args.echo_command)
    driver = PesosSchedulerDriver(scheduler, framework, "%s:%d" % (ip, port))
    say("master %s:%d, scheduler at %s" % (ip, port, os.environ["LIBPROCESS_IP"]))
    driver.start()

    if not scheduler.done.wait(args.timeout):
        scheduler.finish(EXIT_TIMEOUT, "timed out after %.0fs: final states %s" % (
            args.timeout, dict((t, state_name(s)) for t, s in scheduler.final.items())))

    # UnregisterFrameworkMessage: pesos sends it from its event loop thread, which is a daemon, so give it
    # a moment to reach the master before this process exits
    status = driver.stop()
    time.sleep(2)
    say("driver stopped %s" % mesos_pb2.Status.Name(status))
    return scheduler.exit_code


if __name__ == "__main__":
    logging.basicConfig(level=getattr(logging, os.environ.get("PESOS_LOG_LEVEL", "INFO").upper(), logging.INFO),
                        stream=sys.stderr, format="pesos-log %(asctime)s %(name)s %(levelname)s %(message)s")
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # the compactor context thread is a daemon; leave without waiting for it
    os._exit(code)
