package io.mesosbridge.operator.leadership;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One replica's side of the election through a Kubernetes Lease (see {@link LeaseTerms} for why it is safe). A
 * follower watches the Lease and tries to take it the moment the record it saw has stood for the lease duration; it
 * writes with the record's resourceVersion, so a renewal it has not seen yet makes its attempt fail. The leader renews
 * on a thread of its own, through a client and event loop of its own (its requests do not wait behind the master's other work),
 * with a short timeout per request; recovery runs on another thread, so renewal starts at once. A leader that cannot
 * prove its Lease any more, because another replica holds it or its renewals failed until the deadline, halts the
 * process at once, as a Mesos master exits when it loses leadership: a graceful shutdown would go on acting. Its
 * threads are its own rather than {@code BridgeThreads}': a leader must go on renewing while the master shuts down.
 */
public final class LeaseElection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /** What the election tells the rest of the master. */
    public interface Callbacks {

        /** This replica holds the Lease; called on a thread of its own, which may take its time to recover. */
        void leading();

        /** Another replica, {@code holderIdentity}, holds the Lease. */
        void following(String holderIdentity);
    }

    private final KubernetesClient watching;
    /** The writer's own event loop: the master's are at times blocked for seconds, which starved renewals. */
    private final Vertx writerLoop;
    private final KubernetesClient writing;
    private final String namespace;
    private final String name;
    private final String identity;
    private final LeaseTerms terms;
    private final Callbacks callbacks;

    private final Object observation = new Object();
    private Lease observed;
    private long observedAtNanos;
    private boolean deletionObserved;
    private String followedHolder;

    private volatile boolean stopped;
    private volatile boolean leading;
    private volatile long leadingUntilNanos;
    private SharedIndexInformer<Lease> informer;
    private Thread election;

    public LeaseElection(KubernetesClient client, String namespace, String name, String identity, LeaseTerms terms,
                         Callbacks callbacks) {
        this.watching = client;
        this.writerLoop = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.writing = new KubernetesClientBuilder().withHttpClientFactory(new VertxHttpClientFactory(writerLoop))
                .withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestTimeout((int) terms.requestTimeout().toMillis())
                .withConnectionTimeout((int) terms.requestTimeout().toMillis())
                .withRequestRetryBackoffLimit(0)
                .build()).build();
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.terms = terms;
        this.callbacks = callbacks;
    }

    public void start() {
        informer = lease(watching).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Lease lease) {
                observe(lease);
            }

            @Override
            public void onUpdate(Lease before, Lease after) {
                observe(after);
            }

            @Override
            public void onDelete(Lease lease, boolean finalStateUnknown) {
                synchronized (observation) {
                    deletionObserved = true;
                }
                observe(null);
            }
        }, 0);
        election = new Thread(this::run, "lease-election");
        election.setDaemon(true);
        election.start();
    }

    /**
     * Stops following. A leader goes on renewing until the process ends: releasing the Lease while the master's
     * other threads wind down would let a follower act beside them.
     */
    @Override
    public void close() {
        if (leading) {
            return;
        }
        stopped = true;
        if (election != null) {
            election.interrupt();
        }
        if (informer != null) {
            informer.close();
        }
        writing.close();
        writerLoop.close();
    }

    private Resource<Lease> lease(KubernetesClient client) {
        return client.leases().inNamespace(namespace).withName(name);
    }

    private void run() {
        try {
            refresh();
            follow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopped) {
                halt("the Lease election failed: " + e);
            }
        }
    }

    /** Waits until this replica takes the Lease, then leads until the process ends. */
    private void follow() throws InterruptedException {
        while (!stopped) {
            Lease lease;
            long seenAt;
            synchronized (observation) {
                lease = observed;
                seenAt = observedAtNanos;
                long mayTakeAt = lease != null ? terms.mayTakeAtNanos(holder(lease), seenAt)
                        : deletionObserved ? seenAt + terms.duration().toNanos() : seenAt;
                long wait = mayTakeAt - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.timedWait(observation, wait);
                    continue;
                }
            }
            long attemptAt = System.nanoTime();
            Lease taken;
            try {
                taken = lease == null ? write(record(null), true) : write(record(lease), false);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    LOG.warnf("could not take the Lease %s (%d): %s", name, e.getCode(), e.getMessage());
                    Thread.sleep(terms.renewPeriod().toMillis());
                }
                refresh();
                continue;
            }
            LOG.infof("took the Lease %s from %s, after it stood unchanged for %d ms", name,
                    lease == null ? "nobody" : holder(lease), (attemptAt - seenAt) / 1_000_000);
            leading = true;
            lead(attemptAt, taken);
        }
    }

    private void lead(long acquiredAt, Lease acquired) throws InterruptedException {
        leadingUntilNanos = acquiredAt + terms.renewDeadline().toNanos();
        startDaemon("lease-deadline", this::haltAtDeadline);
        startDaemon("leader-recovery", callbacks::leading);
        Lease current = acquired;
        long attemptAt = acquiredAt;
        while (true) {
            long wait = attemptAt + terms.renewPeriod().toNanos() - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            attemptAt = System.nanoTime();
            current = renew(current, attemptAt);
        }
    }

    /** Renews {@code current}; returns the record to renew next time. */
    private Lease renew(Lease current, long attemptAt) {
        try {
            Lease renewed = write(record(current), false);
            leadingUntilNanos = attemptAt + terms.renewDeadline().toNanos();
            long tookMillis = (System.nanoTime() - attemptAt) / 1_000_000;
            if (tookMillis > terms.renewPeriod().toMillis()) {
                LOG.warnf("renewing the Lease %s took %d ms (deadline %d ms after the last success)", name,
                        tookMillis, terms.renewDeadline().toMillis());
            }
            return renewed;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                halt("the Lease " + name + " was deleted");
            }
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                LOG.warnf("could not renew the Lease %s (%d): %s", name, e.getCode(), e.getMessage());
                return current;
            }
            Lease fresh;
            try {
                fresh = lease(writing).get();
            } catch (KubernetesClientException unreadable) {
                return current;
            }
            if (fresh == null || !identity.equals(holder(fresh))) {
                halt("another master holds the Lease " + name + " now: " + (fresh == null ? "none" : holder(fresh)));
            }
            return fresh;
        }
    }

    private void haltAtDeadline() {
        while (true) {
            long left = leadingUntilNanos - System.nanoTime();
            if (left <= 0) {
                halt("the Lease " + name + " was not renewed within " + terms.renewDeadline().toMillis() + " ms");
            }
            LockSupport.parkNanos(left);
        }
    }

    /** A record that names this replica the holder, from the one it replaces (null: there is none yet). */
    private Lease record(Lease replaced) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        boolean renewal = replaced != null && identity.equals(holder(replaced));
        LeaseBuilder builder = replaced == null
                ? new LeaseBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                : new LeaseBuilder(replaced);
        int transitions = replaced == null || replaced.getSpec() == null
                || replaced.getSpec().getLeaseTransitions() == null ? 0 : replaced.getSpec().getLeaseTransitions();
        return builder.withNewSpec()
                .withHolderIdentity(identity)
                .withLeaseDurationSeconds(terms.durationSeconds())
                .withAcquireTime(renewal ? replaced.getSpec().getAcquireTime() : now)
                .withRenewTime(now)
                .withLeaseTransitions(renewal || replaced == null ? transitions : transitions + 1)
                .endSpec().build();
    }

    /** Creates the record, or replaces the one of its resourceVersion (409 when it has changed since). */
    private Lease write(Lease record, boolean create) {
        var resource = writing.leases().inNamespace(namespace).resource(record);
        return create ? resource.create() : resource.update();
    }

    private void refresh() {
        try {
            observe(lease(writing).get());
        } catch (KubernetesClientException e) {
            LOG.warnf("could not read the Lease %s (%d): %s", name, e.getCode(), e.getMessage());
        }
    }

    /** Records a Lease record seen for the first time (a new resourceVersion) and when it was seen. */
    private void observe(Lease lease) {
        String holder;
        if (leading) {
            return;
        }
        synchronized (observation) {
            if (observed != null && lease != null && Objects.equals(version(observed), version(lease))) {
                return;
            }
            observed = lease;
            observedAtNanos = System.nanoTime();
            observation.notifyAll();
            holder = lease == null ? null : holder(lease);
            if (holder == null || holder.isEmpty() || holder.equals(identity) || holder.equals(followedHolder)) {
                return;
            }
            followedHolder = holder;
        }
        callbacks.following(holder);
    }

    private static String version(Lease lease) {
        return lease.getMetadata().getResourceVersion();
    }

    private static String holder(Lease lease) {
        return lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void startDaemon(String threadName, Runnable work) {
        Thread thread = new Thread(work, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void halt(String why) {
        LOG.errorf("lost leadership: %s; exiting at once so that this master restarts as a follower", why);
        Runtime.getRuntime().halt(1);
    }
}
