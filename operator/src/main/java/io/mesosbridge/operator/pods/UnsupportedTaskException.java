package io.mesosbridge.operator.pods;

/**
 * A TaskInfo asks for something a Pod cannot honour (a fetcher URI, a secret, a CNI network, ...). Callers answer
 * the framework with TASK_ERROR (REASON_TASK_INVALID) and this message, instead of launching a task that silently
 * differs from what was asked.
 */
public class UnsupportedTaskException extends RuntimeException {

    public UnsupportedTaskException(String message) {
        super(message);
    }
}
