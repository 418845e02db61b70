package io.dflockd.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the auth token (SERVER.md §5). The first non-empty source wins: {@code --auth-token},
 * {@code --auth-token-file}, {@code DFLOCKD_AUTH_TOKEN}, {@code DFLOCKD_AUTH_TOKEN_FILE}. The chosen value is
 * stripped of surrounding whitespace and must then be non-empty, a single line, and at most 65,536 bytes of UTF-8.
 * Nothing here logs: warnings are returned as text for the caller to log once logging is configured, and no message
 * ever contains the token.
 */
final class AuthTokenResolver {
    /** The TCP {@code auth} argument line limit. */
    static final int MAX_TOKEN_BYTES = 65_536;

    /** Generous for a 64 KiB token with surrounding whitespace; stops a huge file from being read whole. */
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final Map<String, String> environment;

    AuthTokenResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The outcome: the token (empty = authentication off) and the warnings to log. */
    record Resolution(Optional<AuthToken> token, List<String> warnings) {
        Resolution {
            warnings = List.copyOf(warnings);
        }
    }

    /** Applies the four-way order to the two flags (null = not given) and the environment. */
    Resolution resolve(String tokenFlag, String tokenFileFlag) throws ConfigException {
        List<String> warnings = new ArrayList<>();
        Optional<AuthToken> token;
        if (isSet(tokenFlag)) {
            warnings.add("--auth-token is visible to other local users in the process list;"
                    + " prefer --auth-token-file or DFLOCKD_AUTH_TOKEN");
            token = Optional.of(validated(tokenFlag, "--auth-token"));
        } else if (isSet(tokenFileFlag)) {
            token = Optional.of(fromFile(tokenFileFlag, "--auth-token-file", warnings));
        } else if (isSet(environment.get("DFLOCKD_AUTH_TOKEN"))) {
            token = Optional.of(validated(environment.get("DFLOCKD_AUTH_TOKEN"), "DFLOCKD_AUTH_TOKEN"));
        } else if (isSet(environment.get("DFLOCKD_AUTH_TOKEN_FILE"))) {
            token = Optional.of(fromFile(environment.get("DFLOCKD_AUTH_TOKEN_FILE"), "DFLOCKD_AUTH_TOKEN_FILE",
                    warnings));
        } else {
            token = Optional.empty();
        }
        return new Resolution(token, warnings);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    private static AuthToken fromFile(String pathText, String setting, List<String> warnings)
            throws ConfigException {
        Path path;
        try {
            path = Path.of(pathText);
        } catch (InvalidPathException e) {
            throw new ConfigException(setting + " is not a valid path: " + e.getReason());
        }
        String contents = read(path);
        permissionWarning(path).ifPresent(warnings::add);
        return validated(contents, setting + " " + path);
    }

    private static String read(Path path) throws ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read auth token file " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read auth token file " + path + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException("cannot read auth token file " + path + ": " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigException("auth token file " + path + " is longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("auth token file " + path + " is not valid UTF-8");
        }
    }

    /** One warning for a group- or world-readable file; never a refusal (SERVER.md §5). */
    private static Optional<String> permissionWarning(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        if (!permissions.contains(PosixFilePermission.GROUP_READ)
                && !permissions.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.empty();
        }
        return Optional.of("auth token file " + path + " is readable by group or others (mode "
                + octalMode(permissions) + "); restrict it with chmod 600");
    }

    /** {@code rw-r--r--} as {@code 0644}. */
    static String octalMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            mode <<= 1;
            if (permissions.contains(permission)) {
                mode |= 1;
            }
        }
        return String.format("%04o", mode);
    }

    private static AuthToken validated(String raw, String source) throws ConfigException {
        String token = raw.strip();
        if (token.isEmpty()) {
            throw new ConfigException("auth token from " + source + " is empty");
        }
        if (token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
            throw new ConfigException("auth token from " + source + " must be a single line (contains CR or LF)");
        }
        if (token.getBytes(StandardCharsets.UTF_8).length > MAX_TOKEN_BYTES) {
            throw new ConfigException("auth token from " + source + " is longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        return new AuthToken(token, source);
    }
}
