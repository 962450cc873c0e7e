#!/usr/bin/env python3
"""A custom executor on pymesos's MesosExecutorDriver (the v1 executor HTTP API).

For its one task it reports TASK_RUNNING, tells its scheduler "ready" in a framework message, answers the
scheduler's "ping" with "pong" and then reports TASK_FINISHED.
"""
import logging
import sys

from pymesos import Executor, MesosExecutorDriver, decode_data, encode_data


class MessagingExecutor(Executor):
    def __init__(self):
        self.task_id = None

    def registered(self, driver, executor_info, framework_info, agent_info):
        print("Registered executor %s on agent %s" % (executor_info['executor_id']['value'], agent_info['hostname']))

    def launchTask(self, driver, task):
        self.task_id = task['task_id']
        print("Launching task %s" % self.task_id['value'])
        driver.sendStatusUpdate(dict(task_id=self.task_id, state='TASK_RUNNING'))
        driver.sendFrameworkMessage(encode_data(b'ready'))

    def frameworkMessage(self, driver, message):
        text = decode_data(message).decode('utf-8')
        print("Framework message from the scheduler: %s" % text)
        if text == 'ping':
            driver.sendFrameworkMessage(encode_data(b'pong'))
            driver.sendStatusUpdate(dict(task_id=self.task_id, state='TASK_FINISHED', message='answered ping'))

    def killTask(self, driver, task_id):
        driver.sendStatusUpdate(dict(task_id=task_id, state='TASK_KILLED'))

    def shutdown(self, driver):
        print("Shutting down")


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    MesosExecutorDriver(MessagingExecutor(), use_addict=True).run()
