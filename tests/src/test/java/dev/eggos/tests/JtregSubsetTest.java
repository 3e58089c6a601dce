package dev.eggos.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * OpenJDK 17's own tests listed in tests/jtreg/ci-subset.txt (tests that pass on the host and
 * passed in eggos when they were listed) pass in eggos: tests/jtreg/run --mode eggos over that
 * list, each test's JVM booted with egg. A regression in any of them fails this test, with jtreg's
 * reason. Without jtreg (apt-get install jtreg7) or the sources (a deb-src entry) it fails with
 * run's one-line message.
 */
class JtregSubsetTest {
    /** The subset (16 tests) took 249 s on TCG with two jobs, on a loaded machine (2026-12-08). */
    static final Duration TIMEOUT = Duration.ofMinutes(20);

    @Test
    void subsetPassesInEggos() throws Exception {
        Path repo = EggRun.repoRoot();
        Path jar = EggRun.requireEggJar();
        Path list = repo.resolve("tests/jtreg/ci-subset.txt");
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "egg-jtreg", "ci");
        Proc.Result r = Proc.run(List.of(repo.resolve("tests/jtreg/run").toString(), "--mode", "eggos",
                "--tests", list.toString(), "--jobs", "2", "--dir", dir.toString()), repo,
                Map.of("EGG_JAR", jar.toString()), TIMEOUT);
        assertFalse(r.timedOut(), "tests/jtreg/run " + r.describe() + "\n" + r.err());
        assertEquals(0, r.status(), "tests/jtreg/run failed:\n" + r.err());

        List<String> verdicts = Files.readAllLines(dir.resolve("verdicts.tsv"));
        List<String> failures = new ArrayList<>();
        for (String test : Files.readAllLines(list)) {
            if (test.isBlank() || test.startsWith("#")) {
                continue;
            }
            List<String[]> mine = verdicts.stream().map(v -> v.split("\t", -1))
                    .filter(v -> v[0].equals(test) || v[0].startsWith(test + "#")).toList();
            if (mine.isEmpty()) {
                failures.add(test + ": no verdict");
            }
            for (String[] v : mine) {
                if (!v[2].equals("Passed")) {
                    failures.add(v[0] + ": " + v[2] + ". " + v[3]);
                }
            }
        }
        assertTrue(failures.isEmpty(), "in eggos (jtreg's files in " + dir + "/work-eggos):\n"
                + String.join("\n", failures));
    }
}
