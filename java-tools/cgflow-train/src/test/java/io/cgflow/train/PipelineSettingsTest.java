package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * main.nf checks the keys of every training settings file before any task, so that a misspelt key does not fail TRAIN
 * after the atomistic stages ran: its list must be the trainer's.
 */
class PipelineSettingsTest {
    @Test
    void mainNfKnowsTheTrainersSettings() throws IOException {
        String text = Files.readString(TestData.root().resolveSibling("main.nf"));
        Matcher m = Pattern.compile("(?m)^TRAIN_SETTINGS_KEYS\\s*=\\s*\\[([^\\]]*)\\]").matcher(text);
        assertTrue(m.find(), "TRAIN_SETTINGS_KEYS in main.nf");
        assertEquals(new TreeSet<>(TrainSettingsFile.KEYS), Arrays.stream(m.group(1).split(","))
            .map(s -> s.trim().replace("'", "")).collect(Collectors.toCollection(TreeSet::new)));
    }
}
