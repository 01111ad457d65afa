package org.medbroker.connectors.tcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** An allow-list of peer addresses and CIDR blocks; an empty list allows every peer. */
public final class PeerFilter {

    private record Block(byte[] network, int prefixBits) {}

    private final List<Block> blocks = new ArrayList<>();

    public PeerFilter(String commaSeparated) {
        for (String part : commaSeparated.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            try {
                byte[] address = InetAddress.getByName(slash < 0 ? entry : entry.substring(0, slash)).getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(entry.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new NumberFormatException("prefix out of range");
                }
                blocks.add(new Block(address, bits));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("MB-0203: allowed peer '" + entry
                        + "' is not an address or CIDR block; write e.g. 10.0.0.0/8 or 192.168.1.20", e);
            }
        }
    }

    public boolean allows(InetAddress peer) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] address = peer.getAddress();
        for (Block block : blocks) {
            if (block.network().length == address.length && matches(block, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Block block, byte[] address) {
        int bits = block.prefixBits();
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((address[i] & mask) != (block.network()[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
