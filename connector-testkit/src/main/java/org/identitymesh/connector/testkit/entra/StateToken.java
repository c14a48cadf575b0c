package org.identitymesh.connector.testkit.entra;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cursor state behind a {@code $skiptoken} or {@code $deltatoken}: which collection, which phase of which
 * round, where to resume, and the {@code $select} — so a client follows links verbatim. Encoded as base64url of
 * a small binary record plus an HMAC, so tampering is detected; opaque to clients.
 *
 * @param resource    {@link #USERS}, {@link #GROUPS}, {@link #DEVICES}, {@link #MEMBERS} or {@link #OWNERS}
 * @param delta       true for a deltaLink token (the start of a new round), false for a nextLink token
 * @param phase       {@link #INITIAL} or {@link #DELTA} round, or {@link #MEMBERS} paging (members and owners)
 * @param select      the select mask (delta) or unused (members)
 * @param selectText  the raw {@code $select} (members paging), else empty
 * @param epoch       the tenant's token epoch when issued (bumped to expire all tokens)
 * @param issuedAt    when issued, in epoch milliseconds of the tenant clock
 * @param from        the round's start version (changes after it are reported)
 * @param snapshot    the round's end version (changes up to it are reported)
 * @param resumeId    initial round: the id to resume after (or at, when {@code memberAfter >= 0}); members
 *                    and owners paging: the group id; else empty
 * @param logIndex    delta round: the change-log index to resume at
 * @param memberAfter the member key after which a split group's members continue, or -1
 * @param top         members and owners paging: the page size
 */
record StateToken(byte resource, boolean delta, byte phase, long select, String selectText, int epoch, long issuedAt,
        long from, long snapshot, String resumeId, int logIndex, int memberAfter, int top) {

    static final byte USERS = 1;
    static final byte GROUPS = 2;
    static final byte MEMBERS = 3;
    static final byte DEVICES = 4;
    static final byte OWNERS = 5;
    static final byte INITIAL = 1;
    static final byte DELTA = 2;
    private static final byte FORMAT = 1;
    private static final int MAC_BYTES = 12;

    /** Thrown for a token that was not issued by this tenant or was altered. */
    static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message) {
            super(message);
        }
    }

    /** Signs and verifies tokens with a per-tenant random key. */
    static final class Codec {
        private final byte[] key = new byte[32];

        Codec() {
            new SecureRandom().nextBytes(key);
        }

        String encode(StateToken t) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(FORMAT);
                out.writeByte(t.resource);
                out.writeBoolean(t.delta);
                out.writeByte(t.phase);
                out.writeLong(t.select);
                out.writeUTF(t.selectText);
                out.writeInt(t.epoch);
                out.writeLong(t.issuedAt);
                out.writeLong(t.from);
                out.writeLong(t.snapshot);
                out.writeUTF(t.resumeId);
                out.writeInt(t.logIndex);
                out.writeInt(t.memberAfter);
                out.writeInt(t.top);
                out.flush();
                byte[] body = bytes.toByteArray();
                byte[] signed = Arrays.copyOf(body, body.length + MAC_BYTES);
                System.arraycopy(mac(body), 0, signed, body.length, MAC_BYTES);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        StateToken decode(String text) throws InvalidTokenException {
            byte[] signed;
            try {
                signed = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenException("not base64url");
            }
            if (signed.length <= MAC_BYTES) {
                throw new InvalidTokenException("too short");
            }
            byte[] body = Arrays.copyOf(signed, signed.length - MAC_BYTES);
            byte[] tag = Arrays.copyOfRange(signed, body.length, signed.length);
            if (!MessageDigest.isEqual(tag, Arrays.copyOf(mac(body), MAC_BYTES))) {
                throw new InvalidTokenException("signature mismatch");
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
                if (in.readByte() != FORMAT) {
                    throw new InvalidTokenException("unknown format");
                }
                return new StateToken(in.readByte(), in.readBoolean(), in.readByte(), in.readLong(), in.readUTF(),
                        in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readUTF(), in.readInt(),
                        in.readInt(), in.readInt());
            } catch (IOException e) {
                throw new InvalidTokenException("truncated");
            }
        }

        private byte[] mac(byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(body);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
