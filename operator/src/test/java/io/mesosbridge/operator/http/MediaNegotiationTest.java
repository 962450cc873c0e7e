package io.mesosbridge.operator.http;

import io.mesosbridge.mesos.media.MediaTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaNegotiationTest {

    @Test
    void theMediaTypeOfAContentTypeDropsItsParameters() {
        assertThat(MediaNegotiation.mediaType("Application/JSON; charset=utf-8")).isEqualTo(MediaTypes.JSON);
        assertThat(MediaNegotiation.mediaType("  ")).isNull();
        assertThat(MediaNegotiation.mediaType(null)).isNull();
        assertThat(MediaNegotiation.isRequestType(MediaTypes.PROTOBUF)).isTrue();
        assertThat(MediaNegotiation.isRequestType("text/plain")).isFalse();
    }

    @Test
    void answersAreJsonUnlessOnlyProtobufIsAccepted() {
        assertThat(MediaNegotiation.responseType(null)).isEqualTo(MediaTypes.JSON);
        assertThat(MediaNegotiation.responseType("*/*")).isEqualTo(MediaTypes.JSON);
        assertThat(MediaNegotiation.responseType("application/*")).isEqualTo(MediaTypes.JSON);
        assertThat(MediaNegotiation.responseType("application/x-protobuf")).isEqualTo(MediaTypes.PROTOBUF);
        assertThat(MediaNegotiation.responseType("application/x-protobuf, application/json"))
                .isEqualTo(MediaTypes.JSON);
        assertThat(MediaNegotiation.responseType("application/json;q=0, application/x-protobuf"))
                .isEqualTo(MediaTypes.PROTOBUF);
        assertThat(MediaNegotiation.responseType("text/html")).isNull();
    }

    @Test
    void theMostSpecificMediaRangeDecides() {
        assertThat(MediaNegotiation.accepts("*/*, application/json;q=0", MediaTypes.JSON)).isFalse();
        assertThat(MediaNegotiation.accepts("*/*, application/json;q=0", MediaTypes.PROTOBUF)).isTrue();
        assertThat(MediaNegotiation.accepts("application/*;q=0.5", MediaTypes.PROTOBUF)).isTrue();
        assertThat(MediaNegotiation.accepts("text/*", MediaTypes.PROTOBUF)).isFalse();
    }

    @Test
    void aStreamMayBeRecordioWithTheRecordTypeFromMessageAccept() {
        assertThat(MediaNegotiation.streamType("application/recordio")).isEqualTo(MediaTypes.RECORDIO);
        assertThat(MediaNegotiation.streamType("application/x-protobuf")).isEqualTo(MediaTypes.PROTOBUF);
        assertThat(MediaNegotiation.streamType("text/html")).isNull();
        assertThat(MediaNegotiation.recordType(null)).isEqualTo(MediaTypes.JSON);
        assertThat(MediaNegotiation.recordType("application/x-protobuf")).isEqualTo(MediaTypes.PROTOBUF);
    }
}
