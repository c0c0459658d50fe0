package io.typoguard.connect.tail;

import java.util.Map;

/**
 * Identity of one file as tailed: the watched path and the file's key (device and inode on Linux). The pair is the
 * Connect source partition, so a file that is rotated away and a new file at the same path never share offsets.
 */
public record FileId(String path, String fileKey, boolean gzip) {
    public static final String PATH = "path";
    public static final String FILE_KEY = "inode";
    public static final String POSITION = "position";

    public Map<String, Object> sourcePartition() {
        return Map.of(PATH, path, FILE_KEY, fileKey);
    }

    public static Map<String, Object> sourceOffset(long position) {
        return Map.of(POSITION, position);
    }

    @Override
    public String toString() {
        return path + " " + fileKey;
    }
}
