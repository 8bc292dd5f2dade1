package org.churnkit.contractual;

import java.util.List;
import java.util.Locale;

/**
 * The contractual model families, with the names used in model files and on the command line and
 * the papers' parameter names, in the order every parameter array uses.
 */
public enum ContractualKind {
    /** Shifted-beta-geometric: Fader and Hardie (2007). */
    SBG("sbg", "sBG", List.of("gamma", "delta")),
    /** Beta-discrete-Weibull: Fader, Hardie, Liu, Davin and Steenburgh (2018). */
    BDW("bdw", "BdW", List.of("gamma", "delta", "c"));

    private final String id;
    private final String displayName;
    private final List<String> parameterNames;

    ContractualKind(String id, String displayName, List<String> parameterNames) {
        this.id = id;
        this.displayName = displayName;
        this.parameterNames = parameterNames;
    }

    /**
     * The file and command-line name: {@code sbg} or {@code bdw}.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The name people read, as the papers spell it: {@code sBG} or {@code BdW}.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Parameter names in array order: {@code gamma, delta} (and {@code c} for the BdW).
     *
     * @return the names
     */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * Parses {@code sbg} or {@code bdw} (any case; also {@code shifted-beta-geometric},
     * {@code beta-discrete-weibull}).
     *
     * @param text the name
     * @return the kind
     * @throws IllegalArgumentException naming the accepted names when the text names no kind
     */
    public static ContractualKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "sbg", "shifted-beta-geometric" -> SBG;
            case "bdw", "beta-discrete-weibull" -> BDW;
            default -> throw new IllegalArgumentException("unknown contractual model '" + text
                    + "': expected sbg or bdw");
        };
    }
}
