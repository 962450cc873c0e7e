# -*- coding: utf-8 -*-
"""A framework on the official Mesos 1.11 native scheduler driver (mesos.native, Python 2.7), as legacy Mesos
frameworks are written, used by the bridge's integration tests. Run it with the mesos-native client:

    ../shared/clients/mesos-native/run.sh examples/native-framework/native_framework.py MASTER SCENARIO [options]

Every callback prints one "NATIVE: ..." line; the last line is "NATIVE: PASS" (exit 0) or "NATIVE: FAIL why"
(exit 1). Scenarios:

  outcomes      a task exiting 3 (TASK_FAILED), a task killed while running (TASK_KILLED), a task asking more than its
                offer (TASK_ERROR); implicit and explicit reconciliation while one runs
  decline       declines every offer with --refuse SECONDS and reports the time between offers of the same agent
  hold          launches a task that sleeps, prints "NATIVE: running", then stops the driver for failover
                (stop(True)): the framework stays, with --failover-timeout
  resume        with --framework-id: registers as that framework, finds its running task by reconciliation, kills it
  auth          registers with --principal/--secret, then stops
  survive       launches a task that runs --task-seconds; acknowledges updates itself, but not the first
                TASK_RUNNING; counts registrations; passes once the task finished
  share         launches --tasks tasks of --cpus each, one per offer, declining the rest at once; holds them until
                --hold-seconds after the last launch, printing how many it runs
"""
import argparse
import sys
import threading
import time

import mesos.interface
import mesos.native
from mesos.interface import mesos_pb2


def say(fmt, *args):
    sys.stdout.write("NATIVE: " + (fmt % args if args else fmt) + "\n")
    sys.stdout.flush()


def scalar(resources, name):
    return sum(r.scalar.value for r in resources if r.name == name)


def command_task(offer, task_id, command, cpus, mem):
    task = mesos_pb2.TaskInfo()
    task.task_id.value = task_id
    task.slave_id.value = offer.slave_id.value
    task.name = task_id
    task.command.value = command
    for name, value in (("cpus", cpus), ("mem", mem)):
        resource = task.resources.add()
        resource.name = name
        resource.type = mesos_pb2.Value.SCALAR
        resource.scalar.value = value
    return task


def state_name(state):
    return mesos_pb2.TaskState.Name(state)


class Scenario(mesos.interface.Scheduler):
    """The callbacks every scenario shares; a scenario overrides what it needs and calls finish()."""

    def __init__(self, args):
        self.args = args
        self.result = None
        self.done = threading.Event()
        self.registrations = 0

    def finish(self, driver, failure=None, failover=False):
        if self.result is None:
            self.result = failure
            self.done.set()
            driver.stop(failover)

    def registered(self, driver, framework_id, master_info):
        self.registrations += 1
        say("registered %s with %s (%d)", framework_id.value, master_info.pid, self.registrations)
        self.on_registered(driver, framework_id)

    def reregistered(self, driver, master_info):
        self.registrations += 1
        say("reregistered with %s (%d)", master_info.pid, self.registrations)

    def disconnected(self, driver):
        say("disconnected")

    def on_registered(self, driver, framework_id):
        pass

    def resourceOffers(self, driver, offers):
        for offer in offers:
            say("offer %s on %s cpus=%.2f mem=%.0f", offer.id.value, offer.hostname,
                scalar(offer.resources, "cpus"), scalar(offer.resources, "mem"))
            self.on_offer(driver, offer)

    def on_offer(self, driver, offer):
        driver.declineOffer(offer.id)

    def offerRescinded(self, driver, offer_id):
        say("rescinded %s", offer_id.value)

    def statusUpdate(self, driver, update):
        say("status %s %s source=%s reason=%s uuid=%s message=%r", update.task_id.value, state_name(update.state),
            mesos_pb2.TaskStatus.Source.Name(update.source), mesos_pb2.TaskStatus.Reason.Name(update.reason),
            update.uuid.encode("hex") if update.HasField("uuid") else "-", update.message)
        self.on_status(driver, update)

    def on_status(self, driver, update):
        pass

    def error(self, driver, message):
        say("error %s", message)
        if self.result is None:
            self.result = "error: " + message
            self.done.set()


class Outcomes(Scenario):
    EXPECTED = {"exit-3": "TASK_FAILED", "sleeper": "TASK_KILLED", "greedy": "TASK_ERROR"}

    def __init__(self, args):
        Scenario.__init__(self, args)
        self.launched = set()
        self.final = {}
        self.reconciled = False
        self.answers = []

    def on_offer(self, driver, offer):
        cpus = scalar(offer.resources, "cpus")
        if "exit-3" not in self.launched and cpus >= 0.2:
            self.launched.update(["exit-3", "sleeper"])
            driver.launchTasks(offer.id, [command_task(offer, "exit-3", "exit 3", 0.1, 32),
                                          command_task(offer, "sleeper", "sleep 300", 0.1, 32)])
        elif "greedy" not in self.launched and "exit-3" in self.launched:
            self.launched.add("greedy")
            driver.launchTasks(offer.id, [command_task(offer, "greedy", "true", cpus + 1, 32)])
        else:
            driver.declineOffer(offer.id)

    def on_status(self, driver, update):
        task, state = update.task_id.value, state_name(update.state)
        if update.reason == mesos_pb2.TaskStatus.REASON_RECONCILIATION:
            self.answers.append((task, state))
            say("reconciled %s %s", task, state)
            if len(self.answers) == 3:
                driver.killTask(mesos_pb2.TaskID(value="sleeper"))
            return
        if task == "sleeper" and state == "TASK_RUNNING" and not self.reconciled:
            self.reconciled = True
            driver.reconcileTasks([])
            known, unknown = mesos_pb2.TaskStatus(), mesos_pb2.TaskStatus()
            known.task_id.value, known.state = "sleeper", mesos_pb2.TASK_RUNNING
            unknown.task_id.value, unknown.state = "nobody", mesos_pb2.TASK_RUNNING
            driver.reconcileTasks([known, unknown])
        if task in self.EXPECTED and state in ("TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_FINISHED",
                                                "TASK_LOST", "TASK_DROPPED"):
            self.final[task] = state
            say("final %s %s", task, state)
        if len(self.final) == len(self.EXPECTED):
            wrong = [t for t in self.EXPECTED if self.final[t] != self.EXPECTED[t]]
            self.finish(driver, "unexpected outcomes: %s" % wrong if wrong else None)


class Decline(Scenario):
    def __init__(self, args):
        Scenario.__init__(self, args)
        self.last = {}
        self.gaps = []

    def on_offer(self, driver, offer):
        now = time.time()
        agent = offer.slave_id.value
        if agent in self.last:
            self.gaps.append(now - self.last[agent])
            say("gap %.2f", self.gaps[-1])
        self.last[agent] = now
        filters = mesos_pb2.Filters()
        filters.refuse_seconds = self.args.refuse
        driver.declineOffer(offer.id, filters)
        if len(self.gaps) >= 2:
            short = [g for g in self.gaps if g < self.args.refuse - 0.5]
            self.finish(driver, "offers came back within the filter: %s" % short if short else None)


class Hold(Scenario):
    def __init__(self, args):
        Scenario.__init__(self, args)
        self.launched = False

    def on_offer(self, driver, offer):
        if self.launched:
            driver.declineOffer(offer.id)
            return
        self.launched = True
        driver.launchTasks(offer.id, [command_task(offer, "held", "sleep 600", 0.1, 32)])

    def on_status(self, driver, update):
        if update.task_id.value == "held" and update.state == mesos_pb2.TASK_RUNNING:
            say("running held")
            self.finish(driver, failover=True)


class Resume(Scenario):
    def __init__(self, args):
        Scenario.__init__(self, args)
        self.found = False

    def on_registered(self, driver, framework_id):
        if framework_id.value != self.args.framework_id:
            self.finish(driver, "registered as %s instead of %s" % (framework_id.value, self.args.framework_id))
            return
        driver.reconcileTasks([])

    def on_status(self, driver, update):
        task, state = update.task_id.value, update.state
        if task == "held" and state == mesos_pb2.TASK_RUNNING and not self.found:
            self.found = True
            say("found held running")
            driver.killTask(update.task_id)
        elif task == "held" and state == mesos_pb2.TASK_KILLED:
            self.finish(driver, None if self.found else "killed before it was found")


class Auth(Scenario):
    def on_registered(self, driver, framework_id):
        self.finish(driver)


class Survive(Scenario):
    """Acknowledges by itself; the first TASK_RUNNING stays unacknowledged, so the master must send it again."""

    def __init__(self, args):
        Scenario.__init__(self, args)
        self.launched = False
        self.running_seen = 0

    def on_offer(self, driver, offer):
        if self.launched:
            driver.declineOffer(offer.id)
            return
        self.launched = True
        driver.launchTasks(offer.id, [command_task(offer, "survivor", "sleep %d" % self.args.task_seconds, 0.1,
                                                   32)])

    def on_status(self, driver, update):
        if update.state == mesos_pb2.TASK_RUNNING:
            self.running_seen += 1
            if self.running_seen == 1:
                say("running survivor, not acknowledged")
                return
        driver.acknowledgeStatusUpdate(update)
        if update.state == mesos_pb2.TASK_FINISHED:
            if self.running_seen < 2:
                self.finish(driver, "the unacknowledged TASK_RUNNING was not sent again")
            elif self.registrations < 2:
                self.finish(driver, "the framework did not register again")
            else:
                self.finish(driver)
        elif update.state not in (mesos_pb2.TASK_STAGING, mesos_pb2.TASK_STARTING, mesos_pb2.TASK_RUNNING):
            self.finish(driver, "survivor ended %s" % state_name(update.state))


class Share(Scenario):
    def __init__(self, args):
        Scenario.__init__(self, args)
        self.launched = 0
        self.running = set()
        self.timer = None

    def on_offer(self, driver, offer):
        if self.launched < self.args.tasks and scalar(offer.resources, "cpus") >= self.args.cpus:
            task_id = "share-%d" % self.launched
            self.launched += 1
            filters = mesos_pb2.Filters()
            filters.refuse_seconds = 0
            driver.launchTasks(offer.id, [command_task(offer, task_id, "sleep 600", self.args.cpus, 32)], filters)
            say("launched %d", self.launched)
        else:
            filters = mesos_pb2.Filters()
            filters.refuse_seconds = 0 if self.launched < self.args.tasks else 600
            driver.declineOffer(offer.id, filters)

    def on_status(self, driver, update):
        if update.state == mesos_pb2.TASK_RUNNING:
            self.running.add(update.task_id.value)
            say("running %d", len(self.running))
        if self.launched == self.args.tasks and self.timer is None:
            self.timer = threading.Timer(self.args.hold_seconds, self.finish, [driver])
            self.timer.daemon = True
            self.timer.start()


SCENARIOS = {"outcomes": Outcomes, "decline": Decline, "hold": Hold, "resume": Resume, "auth": Auth,
             "survive": Survive, "share": Share}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("master")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--name", default="native framework")
    parser.add_argument("--framework-id")
    parser.add_argument("--failover-timeout", type=float, default=0)
    parser.add_argument("--principal")
    parser.add_argument("--secret")
    parser.add_argument("--refuse", type=float, default=5)
    parser.add_argument("--task-seconds", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=2)
    parser.add_argument("--cpus", type=float, default=0.5)
    parser.add_argument("--hold-seconds", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()

    framework = mesos_pb2.FrameworkInfo()
    framework.user = ""
    framework.name = args.name
    framework.failover_timeout = args.failover_timeout
    if args.framework_id:
        framework.id.value = args.framework_id
    scheduler = SCENARIOS[args.scenario](args)
    explicit_acks = args.scenario == "survive"
    if args.principal:
        framework.principal = args.principal
        credential = mesos_pb2.Credential()
        credential.principal = args.principal
        credential.secret = args.secret or ""
        driver = mesos.native.MesosSchedulerDriver(scheduler, framework, args.master, not explicit_acks, credential)
    else:
        driver = mesos.native.MesosSchedulerDriver(scheduler, framework, args.master, not explicit_acks)
    say("driver.start() -> %s", mesos_pb2.Status.Name(driver.start()))
    if not scheduler.done.wait(args.timeout):
        scheduler.result = "timed out after %.0f s" % args.timeout
        driver.stop()
    driver.join()
    if scheduler.result:
        say("FAIL %s", scheduler.result)
        sys.exit(1)
    say("PASS")


if __name__ == "__main__":
    main()
