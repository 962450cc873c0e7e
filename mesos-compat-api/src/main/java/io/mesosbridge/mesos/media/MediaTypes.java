package io.mesosbridge.mesos.media;

/** The content types of the Mesos v1 HTTP APIs, exactly as Mesos spells them. */
public final class MediaTypes {

  /** Mesos JSON (see {@code io.mesosbridge.mesos.json.MesosJson}). */
  public static final String JSON = "application/json";

  /** Serialized protobuf messages. */
  public static final String PROTOBUF = "application/x-protobuf";

  /** Streaming responses of the operator and agent APIs; the record type goes in {@code Message-Content-Type}. */
  public static final String RECORDIO = "application/recordio";

  private MediaTypes() {}
}
