package io.mesosbridge.operator.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RealmTest {

    @Test
    void theSchedulerApiIsTheSchedulerRealm() {
        assertThat(Realm.of("/api/v1/scheduler")).contains(Realm.SCHEDULER);
        assertThat(Realm.of("/master/api/v1/scheduler")).contains(Realm.SCHEDULER);
        assertThat(Realm.SCHEDULER.realmName()).isEqualTo("mesos-master-scheduler");
    }

    @Test
    void theOperatorApiAndEndpointsThatChangeTheClusterAreReadWrite() {
        assertThat(Realm.of("/api/v1")).contains(Realm.READWRITE);
        assertThat(Realm.of("/master/api/v1")).contains(Realm.READWRITE);
        assertThat(Realm.of("/master/teardown")).contains(Realm.READWRITE);
        assertThat(Realm.of("/machine/down")).contains(Realm.READWRITE);
        assertThat(Realm.READWRITE.realmName()).isEqualTo("mesos-master-readwrite");
    }

    @Test
    void stateMetricsFlagsAndAnythingUnlistedAreReadOnly() {
        for (String path : new String[] {"/state", "/master/state.json", "/master/tasks", "/metrics/snapshot",
                "/flags", "/q/metrics", "/api/v1/other", "/nothing-here"}) {
            assertThat(Realm.of(path)).as(path).contains(Realm.READONLY);
        }
        assertThat(Realm.READONLY.realmName()).isEqualTo("mesos-master-readonly");
    }

    @Test
    void healthVersionAndRedirectAnswerAnyone() {
        assertThat(Realm.of("/health")).isEmpty();
        assertThat(Realm.of("/master/health")).isEmpty();
        assertThat(Realm.of("/version")).isEmpty();
        assertThat(Realm.of("/master/redirect")).isEmpty();
        assertThat(Realm.of("/redirect/")).isEmpty();
    }
}
