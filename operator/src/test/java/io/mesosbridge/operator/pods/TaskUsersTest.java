package io.mesosbridge.operator.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class TaskUsersTest {

    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("marathon").setName("m").build();

    @Test
    void theTaskRunsAsItsCommandsUserElseItsFrameworksUser() {
        TaskInfo own = TaskInfo.newBuilder().setCommand(CommandInfo.newBuilder().setUser("nobody")).buildPartial();
        TaskInfo none = TaskInfo.newBuilder().setCommand(CommandInfo.newBuilder().setValue("true")).buildPartial();

        assertThat(TaskUsers.effectiveUser(FRAMEWORK, own)).isEqualTo("nobody");
        assertThat(TaskUsers.effectiveUser(FRAMEWORK, none)).isEqualTo("marathon");
    }

    @Test
    void theDefaultTableKnowsRootAndNobodyAndEveryoneElseIsTheDefaultUid() {
        TaskUsers users = TaskUsers.defaults();

        assertThat(users.accountOf("root")).isEqualTo(new TaskUsers.Account(0, 0, true));
        assertThat(users.accountOf("nobody")).isEqualTo(new TaskUsers.Account(65534, 65534, true));
        assertThat(users.accountOf("alice")).isEqualTo(new TaskUsers.Account(65534, 65534, false));
        assertThat(users.accountOf("")).isEqualTo(new TaskUsers.Account(65534, 65534, false));
    }

    @Test
    void entriesMayGiveAGroupAndTheDefaultUidIsConfigurable() {
        TaskUsers users = TaskUsers.parse(" root=0 , alice=1000:100,,", 4000);

        assertThat(users.accountOf("alice")).isEqualTo(new TaskUsers.Account(1000, 100, true));
        assertThat(users.accountOf("bob")).isEqualTo(new TaskUsers.Account(4000, 4000, false));
    }

    @Test
    void malformedEntriesAndARootDefaultAreRefused() {
        assertThatThrownBy(() -> TaskUsers.parse("root", 65534)).hasMessage("Task user entry 'root' is not name=uid[:gid]");
        assertThatThrownBy(() -> TaskUsers.parse("=5", 65534)).hasMessage("Task user entry '=5' is not name=uid[:gid]");
        assertThatThrownBy(() -> TaskUsers.parse("a=1:2:3", 65534)).hasMessage("Task user entry 'a=1:2:3' is not"
                + " name=uid[:gid]");
        assertThatThrownBy(() -> TaskUsers.parse("a=-1", 65534)).hasMessage("Task user entry 'a=-1': '-1' is not a"
                + " uid or gid (0 to 4294967294)");
        assertThatThrownBy(() -> TaskUsers.parse("a=x", 65534)).hasMessageContaining("'x' is not a uid");
        assertThatThrownBy(() -> TaskUsers.parse("root=0", 0)).hasMessageContaining("must not be 0");
    }
}
