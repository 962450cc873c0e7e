package io.mesosbridge.mesos.bench;

import io.mesosbridge.mesos.SampleMessages;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.recordio.RecordIoEncoder;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the scheduler event codecs on an OFFERS event with 100 offers (cpus, mem, disk, ports, two
 * attributes each), and of RecordIO framing of a stream of such events. Run with the {@code bench} profile (see
 * README.md); not part of the test run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

  /** Events per RecordIO stream in the framing benchmarks. */
  static final int STREAM_EVENTS = 20;
  /** Chunk size the decoder is fed with, like a network read. */
  static final int CHUNK = 8192;

  Event offers;
  byte[] protobuf;
  String json;
  List<byte[]> records;
  byte[] stream;

  @Setup
  public void setUp() throws IOException {
    offers = SampleMessages.offers(100);
    protobuf = offers.toByteArray();
    json = MesosJson.print(offers);
    records = java.util.Collections.nCopies(STREAM_EVENTS, protobuf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] r : records) {
      RecordIoEncoder.write(out, r);
    }
    stream = out.toByteArray();
    System.out.printf("%nOFFERS(100): protobuf %d bytes, JSON %d bytes; RecordIO stream %d bytes (%d events)%n",
        protobuf.length, json.length(), stream.length, STREAM_EVENTS);
  }

  @Benchmark
  public byte[] protobufEncodeOffers100() {
    return offers.toByteArray();
  }

  @Benchmark
  public Event protobufDecodeOffers100() throws IOException {
    return Event.parseFrom(protobuf);
  }

  @Benchmark
  public String jsonEncodeOffers100() {
    return MesosJson.print(offers);
  }

  @Benchmark
  public Event.Builder jsonDecodeOffers100() throws Exception {
    return MesosJson.parse(json, Event.newBuilder());
  }

  @Benchmark
  public int recordIoEncodeStream() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length);
    for (byte[] r : records) {
      RecordIoEncoder.write(out, r);
    }
    return out.size();
  }

  /** Returns the decoded byte count plus the last byte of every record, so no record can be optimized away. */
  @Benchmark
  public long recordIoDecodeStream() throws IOException {
    RecordIoDecoder decoder = new RecordIoDecoder();
    long n = 0;
    for (int pos = 0; pos < stream.length; pos += CHUNK) {
      for (byte[] record : decoder.feed(stream, pos, Math.min(CHUNK, stream.length - pos))) {
        n += record.length + record[record.length - 1];
      }
    }
    decoder.finish();
    return n;
  }
}
