package io.mesosbridge.operator.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host readings a Mesos master publishes as {@code system/*}, taken where libprocess takes them on Linux: online
 * CPUs, the load averages of {@code /proc/loadavg}, and MemTotal and MemFree of {@code /proc/meminfo} (for the whole
 * node, as Mesos reports them). A reading that cannot be taken is left out, as Mesos leaves out a failed gauge.
 */
final class SystemReadings {

    private SystemReadings() {
    }

    static Map<String, Double> read() {
        Map<String, Double> readings = new LinkedHashMap<>();
        readings.put("system/cpus_total", (double) onlineCpus(text("/sys/devices/system/cpu/online")));
        String loadavg = text("/proc/loadavg");
        if (loadavg != null) {
            readings.putAll(loadAverages(loadavg));
        }
        String meminfo = text("/proc/meminfo");
        if (meminfo != null) {
            readings.putAll(memory(meminfo));
        }
        return readings;
    }

    /** The CPUs a kernel list such as {@code 0-3,6} names; the JVM's count when there is no list. */
    static int onlineCpus(String list) {
        if (list == null || list.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int count = 0;
        for (String part : list.trim().split(",")) {
            String[] range = part.split("-");
            count += range.length == 2 ? Integer.parseInt(range[1].trim()) - Integer.parseInt(range[0].trim()) + 1 : 1;
        }
        return count;
    }

    static Map<String, Double> loadAverages(String loadavg) {
        String[] fields = loadavg.trim().split("\\s+");
        Map<String, Double> readings = new LinkedHashMap<>();
        if (fields.length >= 3) {
            readings.put("system/load_1min", Double.parseDouble(fields[0]));
            readings.put("system/load_5min", Double.parseDouble(fields[1]));
            readings.put("system/load_15min", Double.parseDouble(fields[2]));
        }
        return readings;
    }

    static Map<String, Double> memory(String meminfo) {
        Map<String, Double> readings = new LinkedHashMap<>();
        for (String line : meminfo.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("MemTotal:")) {
                readings.put("system/mem_total_bytes", Double.parseDouble(fields[1]) * 1024);
            } else if (fields.length >= 2 && fields[0].equals("MemFree:")) {
                readings.put("system/mem_free_bytes", Double.parseDouble(fields[1]) * 1024);
            }
        }
        return readings;
    }

    private static String text(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
