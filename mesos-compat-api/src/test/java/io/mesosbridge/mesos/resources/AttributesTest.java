package io.mesosbridge.mesos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesTest {

  @Test
  void parsesTextScalarRangesAndSetAttributes() {
    List<Attribute> attrs = Attributes.parse("rack:rack1;datacenter:dc1;zone_num:3.5;slots:[1-4, 8-9];disks:{a,b}");
    assertThat(attrs).extracting(Attribute::getName)
        .containsExactly("rack", "datacenter", "zone_num", "slots", "disks");
    assertThat(attrs.get(0).getType()).isEqualTo(Value.Type.TEXT);
    assertThat(attrs.get(0).getText().getValue()).isEqualTo("rack1");
    assertThat(attrs.get(2).getType()).isEqualTo(Value.Type.SCALAR);
    assertThat(attrs.get(2).getScalar().getValue()).isEqualTo(3.5);
    assertThat(attrs.get(3).getType()).isEqualTo(Value.Type.RANGES);
    assertThat(attrs.get(3).getRanges().getRangeList()).containsExactly(Values.range(1, 4), Values.range(8, 9));
    assertThat(attrs.get(4).getType()).isEqualTo(Value.Type.SET);
    assertThat(attrs.get(4).getSet().getItemList()).containsExactly("a", "b");
  }

  @Test
  void splitsAtTheFirstColonAndOnNewlinesAndDropsSpaces() {
    List<Attribute> attrs = Attributes.parse("url:http://x:80\nos: debian 12");
    assertThat(attrs.get(0).getText().getValue()).isEqualTo("http://x:80");
    assertThat(attrs.get(1).getText().getValue()).isEqualTo("debian12");
  }

  @Test
  void printsBackInTheSameForm() {
    String text = "rack:rack1;datacenter:dc1;zone_num:3;slots:[1-4, 8-9];disks:{a, b}";
    assertThat(Attributes.print(Attributes.parse(text))).isEqualTo(text);
  }

  @Test
  void rejectsMalformedPairs() {
    for (String bad : new String[] {"rack", ":x", "rack:", "slots:[1-", "n:{a}b}", "n:-3"}) {
      assertThatThrownBy(() -> Attributes.parse(bad)).as(bad).isInstanceOf(ResourceParseException.class);
    }
  }
}
