#!/usr/bin/env python3
# Example framework scheduler in Python -- the seed's example (written for the
# old native driver: mesos.interface / mesos_pb2 / mesos.native) ported to
# pymesos with the smallest change:
#   * messages are pymesos dictionaries (addict.Dict, use_addict=True) instead
#     of mesos_pb2 protobufs; enums are their names ("SCALAR", "TASK_FINISHED");
#   * the v1 API says agent_id where the old API said slave_id;
#   * pymesos does not fill in an empty FrameworkInfo.user the way the native
#     driver did, so the current user is set explicitly;
#   * the master comes from argv[1] (default as in the seed), and argv[2] is a
#     timeout in seconds so a test never hangs.
# Exit code: 0 when all 5 tasks finished, 1 on driver error, 3 on timeout.
#
# Usage: example_scheduler.py [MASTER] [TIMEOUT_SECONDS]
#   MASTER: host:port (e.g. 127.0.0.1:5050), host (port 5050) or zk://host:2181/mesos
import getpass
import os
import sys
import threading

from addict import Dict
from pymesos import MesosSchedulerDriver, Scheduler


class ExampleScheduler(Scheduler):
    def __init__(self):
        self.tasksLaunched = 0
        self.tasksFinished = 0
        self.totalTasks = 5
        self.timedOut = False

    def registered(self, driver, frameworkId, masterInfo):
        print("Registered with framework ID %s" % frameworkId.value)

    def resourceOffers(self, driver, offers):
        for offer in offers:
            tasks = []
            # Check available resources
            cpus = self.getResource(offer.resources, "cpus")
            mem = self.getResource(offer.resources, "mem")
            if cpus >= 1 and mem >= 128 and self.tasksLaunched < self.totalTasks:
                # Create a new task
                task = Dict()
                task.task_id.value = str(self.tasksLaunched)
                task.agent_id.value = offer.agent_id.value
                task.name = "task %d" % self.tasksLaunched
                # Command to run
                task.command.value = "echo 'Hello from Mesos task %d'" % self.tasksLaunched
                # Resources needed
                cpuResource = Dict()
                cpuResource.name = "cpus"
                cpuResource.type = "SCALAR"
                cpuResource.scalar.value = 1
                memResource = Dict()
                memResource.name = "mem"
                memResource.type = "SCALAR"
                memResource.scalar.value = 128
                task.resources = [cpuResource, memResource]
                tasks.append(task)
                self.tasksLaunched += 1
            # Launch tasks (an empty list declines the offer, as with the native driver)
            driver.launchTasks(offer.id, tasks)

    def statusUpdate(self, driver, update):
        print("Task %s is in state %s" % (update.task_id.value, update.state))
        sys.stdout.flush()
        if update.state == "TASK_FINISHED":
            self.tasksFinished += 1
            if self.tasksFinished == self.totalTasks:
                print("All tasks completed, stopping framework")
                driver.stop()

    def getResource(self, resources, name):
        for resource in resources:
            if resource.name == name:
                return resource.scalar.value
        return 0

    # --- added for tests: a bound on the run time -----------------------------
    def timeout(self, driver, seconds):
        self.timedOut = True
        print("Timed out after %ss with %d/%d tasks finished, stopping framework"
              % (seconds, self.tasksFinished, self.totalTasks))
        sys.stdout.flush()
        driver.stop()


def current_user():
    try:
        return getpass.getuser()
    except Exception:
        return "root"


if __name__ == "__main__":
    master = sys.argv[1] if len(sys.argv) > 1 else "zk://localhost:2181/mesos"
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0

    # Framework configuration
    framework = Dict()
    framework.user = current_user()  # the native driver filled in the current user for ""
    framework.name = "Example Framework"

    # Create the driver
    scheduler = ExampleScheduler()
    driver = MesosSchedulerDriver(
        scheduler,
        framework,
        master,  # Master endpoint
        use_addict=True,
        timeout=timeout,  # pymesos gives up connecting after this many seconds
    )

    # Bound the run time: stop the driver at the deadline, and hard-exit if it
    # does not come down within 5 s (pymesos may sleep up to 15 s in its
    # reconnect backoff before it notices the stop).
    watchdog = threading.Timer(timeout, scheduler.timeout, [driver, timeout])
    watchdog.daemon = True
    watchdog.start()
    killer = threading.Timer(timeout + 5, lambda: (
        print("Framework finished with status: DRIVER_ABORTED (timed out)"),
        sys.stdout.flush(), os._exit(3)))
    killer.daemon = True
    killer.start()

    # Run the framework
    try:
        driver.run()
    except BaseException as e:  # pymesos re-raises I/O-thread failures in the main thread
        watchdog.cancel()
        print("Framework finished with status: DRIVER_ABORTED (%s: %s)" % (type(e).__name__, e))
        sys.exit(3 if scheduler.timedOut else 1)
    watchdog.cancel()
    killer.cancel()
    status = "DRIVER_STOPPED"
    print("Framework finished with status:", status)
    if scheduler.timedOut:
        sys.exit(3)
    sys.exit(0 if scheduler.tasksFinished == scheduler.totalTasks else 1)
