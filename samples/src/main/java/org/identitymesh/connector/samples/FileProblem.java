package org.identitymesh.connector.samples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file the host cannot use, as one sentence for the operator: which file, what is wrong with it, what to do.
 * Never the name of an exception class, never a JDK message on its own.
 */
final class FileProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private FileProblem(String sentence, int exitCode, Throwable cause) {
        super(sentence, cause);
        this.exitCode = exitCode;
    }

    /** The exit code: {@link EntraSync#INPUT_FILE} for a file read, {@link EntraSync#OUTPUT} for one written. */
    int exitCode() {
        return exitCode;
    }

    /**
     * A file read for input is unusable.
     *
     * @param what   what the file is, for example "the configuration file"
     * @param path   the file
     * @param wrong  what is wrong, for example "is not valid JSON at line 3, column 7"
     * @param fix    what to do
     * @return the problem
     */
    static FileProblem input(String what, Path path, String wrong, String fix) {
        return new FileProblem(what + " " + path + " " + wrong + "; " + fix, EntraSync.INPUT_FILE, null);
    }

    /**
     * Reading a file for input failed.
     *
     * @param what   what the file is
     * @param path   the file
     * @param option the option that named it, for example {@code --config}
     * @param e      what the file system said
     * @return the problem
     */
    static FileProblem cannotRead(String what, Path path, String option, IOException e) {
        String sentence;
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            sentence = what + " " + path + " does not exist; check the path given to " + option;
        } else if (e instanceof AccessDeniedException) {
            sentence = what + " " + path + " cannot be read: permission denied; let the account that runs "
                    + "entra-sync read it";
        } else if (isFolder(e)) {
            sentence = what + " " + path + " is a folder; give " + option + " the path of a file";
        } else {
            sentence = what + " " + path + " cannot be read" + reason(e) + "; check the file and the disk it is on";
        }
        return new FileProblem(sentence, EntraSync.INPUT_FILE, e);
    }

    /**
     * Writing a file failed.
     *
     * @param what        what the file is, for example "the changes file"
     * @param path        the file
     * @param e           what the file system said
     * @param consequence what this means for the run, for example "the watermark was kept"
     * @return the problem
     */
    static FileProblem cannotWrite(String what, Path path, IOException e, String consequence) {
        String sentence;
        if (isDiskFull(e)) {
            sentence = "could not write " + what + " " + path + ": the disk is full; " + consequence
                    + "; free some space and run again";
        } else if (e instanceof AccessDeniedException) {
            sentence = "could not write " + what + " " + path + ": permission denied; " + consequence
                    + "; let the account that runs entra-sync write to that folder, or choose another path";
        } else if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            sentence = "could not write " + what + " " + path + ": its folder does not exist; " + consequence
                    + "; create the folder or choose another path";
        } else if (isFolder(e)) {
            sentence = "could not write " + what + " " + path + ": it is a folder; " + consequence
                    + "; give the path of a file";
        } else {
            sentence = "could not write " + what + " " + path + reason(e) + "; " + consequence
                    + "; check the folder and the disk it is on";
        }
        return new FileProblem(sentence, EntraSync.OUTPUT, e);
    }

    /** ENOSPC on Linux and macOS, ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows. */
    private static boolean isDiskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left") || message.contains("not enough space")
                    || message.contains("disk is full") || message.contains("disk full")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFolder(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("is a directory");
    }

    /** What the operating system said, in brackets, without the path it repeats; empty when it said nothing. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return reason == null || reason.isBlank() ? "" : " (the system said: " + reason.strip() + ")";
    }
}
