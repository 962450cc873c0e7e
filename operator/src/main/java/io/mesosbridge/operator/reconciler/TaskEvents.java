package io.mesosbridge.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosResources;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutorService;

/** Kubernetes Events on MesosTasks, so that {@code kubectl describe mesostask} tells each state transition. */
@ApplicationScoped
public class TaskEvents {

    private static final Logger LOG = Logger.getLogger(TaskEvents.class);

    private final KubernetesClient client;
    private final ExecutorService writer;

    public TaskEvents(KubernetesClient client, BridgeThreads threads) {
        this.client = client;
        this.writer = threads.pool("task-events", 2);
    }

    /**
     * One Event for the states one status write recorded (a Pod seen running tells TASK_STARTING and TASK_RUNNING at
     * once): named after the last, the message telling each in order.
     */
    public void transitions(MesosTask task, List<ObservedTaskState> states) {
        if (states.isEmpty()) {
            return;
        }
        boolean failure = states.stream().anyMatch(observed -> switch (observed.state()) {
            case TASK_FAILED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        });
        String message = states.stream().map(observed -> observed.state().name()
                + (observed.reason() == null ? "" : " (" + observed.reason().name() + ")")
                + (observed.message() == null ? "" : ": " + observed.message()))
                .collect(Collectors.joining(", then "));
        post(task, failure ? "Warning" : "Normal", states.get(states.size() - 1).state().name(), message);
    }

    /** Records the event in the background: events are for people and must not slow down task launches. */
    private void post(MesosTask task, String type, String reason, String message) {
        writer.execute(() -> write(task, type, reason, message));
    }

    private void write(MesosTask task, String type, String reason, String message) {
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(task.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                        .withName(task.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                        .withNamespace(task.getMetadata().getNamespace())
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(MesosResources.GROUP + "/" + MesosResources.VERSION)
                            .withKind("MesosTask")
                            .withName(task.getMetadata().getName())
                            .withNamespace(task.getMetadata().getNamespace())
                            .withUid(task.getMetadata().getUid())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource().withComponent("mesos-bridge").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "could not record an event for %s", task.getMetadata().getName());
        }
    }
}
