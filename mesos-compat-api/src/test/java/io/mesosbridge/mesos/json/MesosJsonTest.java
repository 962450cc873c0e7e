package io.mesosbridge.mesos.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.mesosbridge.mesos.SampleMessages;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class MesosJsonTest {

  @Test
  void contentTypesAreSpelledExactlyAsMesosSpellsThem() {
    assertThat(MediaTypes.JSON).isEqualTo("application/json");
    assertThat(MediaTypes.PROTOBUF).isEqualTo("application/x-protobuf");
  }

  @Test
  void printsSnakeCaseNamesEnumsByNameAndNumbersAsNumbers() {
    String json = MesosJson.print(SampleMessages.update());
    assertThat(json).startsWith("{\"type\":\"UPDATE\",\"update\":{\"status\":{");
    assertThat(json).contains("\"task_id\":{\"value\":\"web-1.7f3c\"}");
    assertThat(json).contains("\"state\":\"TASK_RUNNING\"");
    assertThat(json).contains("\"source\":\"SOURCE_EXECUTOR\"");
    assertThat(json).contains("\"timestamp\":1764120000.123");
    assertThat(json).contains("\"healthy\":true");
    // bytes as standard Base64
    assertThat(json).contains("\"uuid\":\"ZmVkY2JhOTg3NjU0MzIxMA==\"");
  }

  @Test
  void printsDoublesAsPlainDecimalNumbers() {
    assertThat(MesosJson.print(Value.Scalar.newBuilder().setValue(1).build())).isEqualTo("{\"value\":1.0}");
    assertThat(MesosJson.print(Value.Scalar.newBuilder().setValue(0.1).build())).isEqualTo("{\"value\":0.1}");
    assertThat(MesosJson.print(Value.Scalar.newBuilder().setValue(3e10).build()))
        .isEqualTo("{\"value\":30000000000.0}");
    assertThat(MesosJson.print(Value.Scalar.newBuilder().setValue(1e300).build())).isEqualTo("{\"value\":1.0E300}");
  }

  @Test
  void prints64BitIntegersAsJsonNumbersNotStrings() {
    Value.Range range = Value.Range.newBuilder().setBegin(31000).setEnd(9_007_199_254_740_993L).build();
    assertThat(MesosJson.print(range)).isEqualTo("{\"begin\":31000,\"end\":9007199254740993}");
  }

  @Test
  void printsUnsetFieldsThatDeclareADefaultLikeTheMaster() {
    FrameworkInfo info = FrameworkInfo.newBuilder().setUser("root").setName("fw").build();
    String json = MesosJson.print(info);
    // failover_timeout [default = 0], checkpoint [default = false]; role [default = "*"] is deprecated: not printed
    assertThat(json).isEqualTo(
        "{\"user\":\"root\",\"name\":\"fw\",\"failover_timeout\":0.0,\"checkpoint\":false}");
    // fields without a declared default stay out
    assertThat(json).doesNotContain("hostname").doesNotContain("principal").doesNotContain("role");
    // a set deprecated field is printed like any set field
    assertThat(MesosJson.print(info.toBuilder().setRole("ads").build())).contains("\"role\":\"ads\"");
  }

  @Test
  void printsEmptyRepeatedFieldsNowhereAndMapFieldsAsObjects() {
    FrameworkInfo info = FrameworkInfo.newBuilder().setUser("u").setName("n")
        .putOfferFilters("ads", io.mesosbridge.mesos.v1.Protos.OfferFilters.getDefaultInstance()).build();
    assertThat(MesosJson.print(info)).contains("\"offer_filters\":{\"ads\":{}}");
  }

  @Test
  void escapesStringsAsJson() {
    Resource r = Resource.newBuilder().setName("a\"b\\c\n\u0001\u2028").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(1)).build();
    assertThat(MesosJson.print(r)).startsWith("{\"name\":\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
  }

  @Test
  void parsesWhatItPrintsWithDeclaredDefaultsMadeExplicit() throws Exception {
    for (Message m : new Message[] {SampleMessages.subscribe(), SampleMessages.acceptLaunch(),
        SampleMessages.acknowledge(), SampleMessages.update(), SampleMessages.offers(3)}) {
      Message parsed = MesosJson.parse(MesosJson.print(m), m.newBuilderForType()).build();
      assertThat(parsed).isEqualTo(withDeclaredDefaults(m));
      assertThat(MesosJson.print(parsed)).isEqualTo(MesosJson.print(m));
    }
    // e.g. CommandInfo.shell [default = true] appears, Resource.role [default = "*", deprecated] does not
    assertThat(MesosJson.print(SampleMessages.acceptLaunch())).contains("\"shell\":true");
    assertThat(MesosJson.print(SampleMessages.offers(1))).doesNotContain("\"role\":\"*\"");
  }

  /** Independent oracle: sets every unset field that declares a default, in every present message. */
  private static Message withDeclaredDefaults(Message m) {
    Message.Builder b = m.toBuilder();
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (f.isRepeated()) {
          for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
            b.setRepeatedField(f, i, withDeclaredDefaults((Message) m.getRepeatedField(f, i)));
          }
        } else if (m.hasField(f)) {
          b.setField(f, withDeclaredDefaults((Message) m.getField(f)));
        }
      } else if (!f.isRepeated() && f.hasDefaultValue() && !f.getOptions().getDeprecated() && !m.hasField(f)) {
        b.setField(f, f.getDefaultValue());
      }
    }
    return b.build();
  }

  @Test
  void parsingIgnoresUnknownFieldsAndAcceptsNumbersAsStrings() throws Exception {
    String json = "{\"type\":\"DECLINE\",\"some_future_field\":{\"x\":[1,2]},"
        + "\"framework_id\":{\"value\":\"f-0000\",\"extra\":true},"
        + "\"decline\":{\"offer_ids\":[{\"value\":\"O1\"}],\"filters\":{\"refuse_seconds\":\"30\"}}}";
    Call call = MesosJson.parse(json, Call.newBuilder()).build();
    assertThat(call.getType()).isEqualTo(Call.Type.DECLINE);
    assertThat(call.getFrameworkId()).isEqualTo(FrameworkID.newBuilder().setValue("f-0000").build());
    assertThat(call.getDecline().getFilters().getRefuseSeconds()).isEqualTo(30.0);
  }

  @Test
  void parsingChecksRequiredFieldsLikeTheMaster() {
    assertThatThrownBy(() -> MesosJson.parse("{\"type\":\"ACKNOWLEDGE\",\"acknowledge\":{\"uuid\":\"AAAA\"}}",
        Call.newBuilder()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageContaining("Missing required fields")
        .hasMessageContaining("acknowledge.agent_id")
        .hasMessageContaining("acknowledge.task_id");
    // a message whose own required field is missing
    assertThatThrownBy(() -> MesosJson.parse("{\"user\":\"root\"}", FrameworkInfo.newBuilder()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageContaining("name");
  }

  @Test
  void parsingFollowsTheMastersRulesForNullEnumsNumbersMapsAndRepeatedFields() throws Exception {
    // null leaves a field unset; an unknown enum name in an optional field is dropped
    Call call = MesosJson.parse("{\"type\":\"NOT_A_CALL\",\"framework_id\":null}", Call.newBuilder()).build();
    assertThat(call.hasType()).isFalse();
    assertThat(call.hasFrameworkId()).isFalse();
    // ...but an unknown enum name in a required field is an error
    assertThatThrownBy(() -> MesosJson.parse("{\"name\":\"cpus\",\"type\":\"TENSOR\"}", Resource.newBuilder()))
        .isInstanceOf(MesosJsonException.class).hasMessageContaining("TENSOR");
    // integers must be integral and in range; strings holding numbers are accepted
    assertThatThrownBy(() -> MesosJson.parse("{\"begin\":1.5,\"end\":2}", Value.Range.newBuilder()))
        .isInstanceOf(MesosJsonException.class).hasMessageContaining("begin");
    assertThatThrownBy(() -> MesosJson.parse("{\"begin\":-1,\"end\":2}", Value.Range.newBuilder()))
        .isInstanceOf(MesosJsonException.class);
    assertThat(MesosJson.parse("{\"begin\":\"18446744073709551615\",\"end\":1e2}", Value.Range.newBuilder())
        .build()).isEqualTo(Value.Range.newBuilder().setBegin(-1L).setEnd(100).build());
    // a single value for a repeated field is one element (stout is lenient here)
    assertThat(MesosJson.parse("{\"item\":\"a\"}", Value.Set.newBuilder()).getItemList()).containsExactly("a");
    // maps as objects or as arrays of {key, value} entries
    String asObject = "{\"user\":\"u\",\"name\":\"n\",\"offer_filters\":{\"ads\":{}}}";
    String asEntries = "{\"user\":\"u\",\"name\":\"n\",\"offer_filters\":[{\"key\":\"ads\",\"value\":{}}]}";
    assertThat(MesosJson.parse(asObject, FrameworkInfo.newBuilder()).getOfferFiltersMap()).containsOnlyKeys("ads");
    assertThat(MesosJson.parse(asEntries, FrameworkInfo.newBuilder()).build())
        .isEqualTo(MesosJson.parse(asObject, FrameworkInfo.newBuilder()).build());
    // wrong JSON types are errors naming the field
    assertThatThrownBy(() -> MesosJson.parse("{\"user\":7,\"name\":\"n\"}", FrameworkInfo.newBuilder()))
        .isInstanceOf(MesosJsonException.class).hasMessageContaining("FrameworkInfo.user");
    assertThatThrownBy(() -> MesosJson.parse("{\"uuid\":\"%%%\"}", Call.Acknowledge.newBuilder()))
        .isInstanceOf(MesosJsonException.class).hasMessageContaining("Base64");
  }

  @Test
  void malformedJsonIsAMesosJsonException() {
    for (String bad : new String[] {"", "  ", "{", "[]", "{\"framework_id\": \"x\"}", "nul", "{} x",
        "{\"type\":\"SUBSCRIBE\"}}", "{'type':'SUBSCRIBE'}", "{\"type\":SUBSCRIBE}", "{\"a\":01}",
        "{\"a\":\"\\x\"}", "{\"a\":[1,]}", "[".repeat(5000) + "]".repeat(5000)}) {
      assertThatThrownBy(() -> MesosJson.parse(bad, Call.newBuilder())).as(bad)
          .isInstanceOf(MesosJsonException.class);
    }
  }
}
