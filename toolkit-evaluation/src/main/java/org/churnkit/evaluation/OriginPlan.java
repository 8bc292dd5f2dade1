package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeAxis;

/**
 * The plan of a rolling-origin backtest: for each origin {@code c}, models are fitted on the
 * calibration window and judged on the following test window,
 * <pre>
 *   calibration  [s, c]          s = data start (expanding) or c - L (sliding window of length L)
 *   test         (c + g, c + g + H]     horizon H > 0, gap g >= 0
 * </pre>
 * all in time units on one calendar axis. The plan is built by {@link #builder} and refuses, with an
 * explanation, every configuration where training data or labels could reach into a test window or
 * where a test window is not fully observed:
 * <ul>
 *   <li>a negative gap (the test window would start inside the calibration window);</li>
 *   <li>a label horizon {@code H_l > g} for models trained on labels: labels observed in
 *       {@code (c, c + H_l]} would overlap the test window (cost-functions spec, section 12:
 *       the gap must be at least the label horizon);</li>
 *   <li>a test window ending after the data end (censored holdout);</li>
 *   <li>an origin at or before the data start, or a sliding window starting before it;</li>
 *   <li>origins that are not finite and strictly increasing, or a non-positive horizon.</li>
 * </ul>
 * The last origin is the headline. With a {@link Builder#calendar calendar} the plan also knows the
 * dates behind its times, and {@link #label} writes them as the dates the user gave. Immutable.
 */
public final class OriginPlan {
    private final List<PlannedOrigin> origins;
    private final double dataStart;
    private final double dataEnd;
    private final double horizon;
    private final double gap;
    private final double slidingWindow;
    private final TimeAxis calendar;

    /**
     * One origin of the plan.
     *
     * @param index position in the plan, 0-based
     * @param origin the origin {@code c} (calibration end)
     * @param trainStart start of the calibration window
     * @param testStart start of the test window, {@code c + g} (exclusive)
     * @param testEnd end of the test window, {@code c + g + H} (inclusive)
     */
    public record PlannedOrigin(int index, double origin, double trainStart, double testStart, double testEnd) {
        /**
         * End of the calibration window, the origin.
         *
         * @return the origin
         */
        public double trainEnd() {
            return origin;
        }

        /**
         * Length of the test window.
         *
         * @return {@code testEnd - testStart}
         */
        public double horizon() {
            return testEnd - testStart;
        }
    }

    private OriginPlan(List<PlannedOrigin> origins, double dataStart, double dataEnd, double horizon, double gap,
                       double slidingWindow, TimeAxis calendar) {
        this.origins = origins;
        this.dataStart = dataStart;
        this.dataEnd = dataEnd;
        this.horizon = horizon;
        this.gap = gap;
        this.slidingWindow = slidingWindow;
        this.calendar = calendar;
    }

    /**
     * Starts a plan over data observed in {@code [dataStart, dataEnd]}.
     *
     * @param dataStart time of the first observation, in model time units
     * @param dataEnd time of the last observation, {@code > dataStart}
     * @return a builder
     */
    public static Builder builder(double dataStart, double dataEnd) {
        return new Builder(dataStart, dataEnd);
    }

    /** Builder; {@link #build} checks everything. */
    public static final class Builder {
        private final double dataStart;
        private final double dataEnd;
        private double[] origins = new double[0];
        private double horizon = Double.NaN;
        private double gap = 0;
        private double slidingWindow = Double.POSITIVE_INFINITY;
        private double labelHorizon = 0;
        private TimeAxis calendar;

        private Builder(double dataStart, double dataEnd) {
            this.dataStart = dataStart;
            this.dataEnd = dataEnd;
        }

        /**
         * The calendar of the plan's times, so that origins and windows can be shown as dates.
         *
         * @param axis the calendar, or {@code null} for none (times are then shown as numbers)
         * @return this builder
         */
        public Builder calendar(TimeAxis axis) {
            this.calendar = axis;
            return this;
        }

        /**
         * Origins (calibration ends), oldest first.
         *
         * @param values the origins, increasing
         * @return this builder
         */
        public Builder origins(double... values) {
            this.origins = values.clone();
            return this;
        }

        /**
         * Length {@code H} of each test window.
         *
         * @param h the horizon, {@code > 0}
         * @return this builder
         */
        public Builder horizon(double h) {
            this.horizon = h;
            return this;
        }

        /**
         * Time {@code g} left out between the origin and the test window (default 0).
         *
         * @param g the gap, {@code >= 0}
         * @return this builder
         */
        public Builder gap(double g) {
            this.gap = g;
            return this;
        }

        /**
         * Calibration from the data start to the origin (the default).
         *
         * @return this builder
         */
        public Builder expanding() {
            this.slidingWindow = Double.POSITIVE_INFINITY;
            return this;
        }

        /**
         * Calibration over the last {@code length} time units before the origin.
         *
         * @param length calibration length, {@code > 0}
         * @return this builder
         */
        public Builder sliding(double length) {
            this.slidingWindow = length;
            return this;
        }

        /**
         * Horizon {@code H_l} of the labels that a supervised model is trained on at each origin
         * (labels observed in {@code (c, c + H_l]}); 0 (the default) for BTYD models, which learn
         * from the calibration window alone.
         *
         * @param hl the label horizon, {@code >= 0}
         * @return this builder
         */
        public Builder labelHorizon(double hl) {
            this.labelHorizon = hl;
            return this;
        }

        /** A time in a message: its date with a calendar, else the plain number. */
        private String at(double t) {
            return !Double.isFinite(t) ? Double.toString(t) : calendar != null ? calendar.label(t) : plain(t);
        }

        /**
         * Builds the plan after checking the configuration.
         *
         * @throws ChurnkitException explaining why the configuration is refused
         * @return the plan
         */
        public OriginPlan build() {
            if (!Double.isFinite(dataStart) || !Double.isFinite(dataEnd) || !(dataEnd > dataStart)) {
                throw new ChurnkitException("the data must span a finite period, got [" + dataStart + ", " + dataEnd + "]");
            }
            if (origins.length == 0) {
                throw new ChurnkitException("a backtest needs at least one origin");
            }
            if (!(horizon > 0) || Double.isInfinite(horizon)) {
                throw new ChurnkitException("the horizon must be positive and finite, got " + horizon);
            }
            if (!(gap >= 0) || Double.isInfinite(gap)) {
                throw new ChurnkitException("the gap must be finite and >= 0, got " + gap + ": a negative gap starts"
                        + " the test window before the origin, so the models would be tested on transactions"
                        + " they were fitted on");
            }
            if (!(labelHorizon >= 0) || Double.isInfinite(labelHorizon)) {
                throw new ChurnkitException("the label horizon must be finite and >= 0, got " + labelHorizon);
            }
            if (labelHorizon > gap) {
                throw new ChurnkitException("training labels would reach into the test window: labels at origin c are"
                        + " observed in (c, c + " + labelHorizon + "] but the test window starts at c + " + gap
                        + "; set the gap to at least the label horizon (" + labelHorizon + ")");
            }
            if (!(slidingWindow > 0)) {
                throw new ChurnkitException("a sliding calibration window must be positive, got " + slidingWindow);
            }
            List<PlannedOrigin> planned = new ArrayList<>();
            for (int i = 0; i < origins.length; i++) {
                double c = origins[i];
                String which = "origin " + (i + 1) + " (" + at(c) + ")";
                if (!Double.isFinite(c)) {
                    throw new ChurnkitException(which + " is not finite");
                }
                if (i > 0 && !(c > origins[i - 1])) {
                    throw new ChurnkitException("origins must be strictly increasing, but " + which
                            + " does not come after " + at(origins[i - 1]));
                }
                if (!(c > dataStart)) {
                    throw new ChurnkitException(which + " is not after the data start " + at(dataStart)
                            + ": there would be nothing to fit on");
                }
                double trainStart = dataStart;
                if (Double.isFinite(slidingWindow)) {
                    trainStart = c - slidingWindow;
                    if (trainStart < dataStart) {
                        throw new ChurnkitException("the sliding window of " + plain(slidingWindow) + " before " + which
                                + " starts at " + at(trainStart) + ", before the data start " + at(dataStart)
                                + ": that calibration would be shorter than the others; drop the origin or shorten the window");
                    }
                }
                double testStart = c + gap;
                double testEnd = testStart + horizon;
                if (testEnd > dataEnd) {
                    throw new ChurnkitException("the test window (" + at(testStart) + ", " + at(testEnd) + "] of " + which
                            + " ends after the data end " + at(dataEnd) + ": its holdout is not fully observed, so"
                            + " every model would look better than it is; use an earlier origin or a shorter horizon");
                }
                planned.add(new PlannedOrigin(i, c, trainStart, testStart, testEnd));
            }
            return new OriginPlan(List.copyOf(planned), dataStart, dataEnd, horizon, gap, slidingWindow, calendar);
        }
    }

    /**
     * The origins, oldest first.
     *
     * @return the planned origins
     */
    public List<PlannedOrigin> origins() {
        return origins;
    }

    /**
     * The most recent origin: the headline of the backtest.
     *
     * @return the last origin
     */
    public PlannedOrigin headline() {
        return origins.get(origins.size() - 1);
    }

    /**
     * Length {@code H} of each test window.
     *
     * @return H
     */
    public double horizon() {
        return horizon;
    }

    /**
     * Time {@code g} left out between each origin and its test window.
     *
     * @return g
     */
    public double gap() {
        return gap;
    }

    /**
     * Whether calibration runs from the data start (rather than a sliding window).
     *
     * @return true for expanding windows
     */
    public boolean isExpanding() {
        return Double.isInfinite(slidingWindow);
    }

    /**
     * Time of the first observation.
     *
     * @return the data start
     */
    public double dataStart() {
        return dataStart;
    }

    /**
     * Time of the last observation.
     *
     * @return the data end
     */
    public double dataEnd() {
        return dataEnd;
    }

    /**
     * The calendar of the plan's times, when the plan was given one.
     *
     * @return the calendar, or empty
     */
    public Optional<TimeAxis> calendar() {
        return Optional.ofNullable(calendar);
    }

    /**
     * A time of this plan as people read it: the ISO date (or date-time) with a calendar
     * ({@link TimeAxis#label}), else the number in plain notation; empty for NaN.
     *
     * @param t a time on the plan's axis, in time units
     * @return its label
     */
    public String label(double t) {
        if (!Double.isFinite(t)) {
            return "";
        }
        return calendar != null ? calendar.label(t) : plain(t);
    }

    /**
     * One sentence describing the plan, e.g. "Origins 1997-06-30 and 1997-09-30; test windows of
     * 13 weeks after each origin, no gap; calibration on all data before each origin."
     *
     * @return the description
     */
    public String describe() {
        List<String> labels = origins.stream().map(o -> label(o.origin())).toList();
        String list = labels.size() == 1 ? labels.get(0)
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.get(labels.size() - 1);
        return (labels.size() == 1 ? "Origin " : "Origins ") + list + "; test windows of " + units(horizon)
                + " after each origin, " + (gap == 0 ? "no gap" : "a gap of " + units(gap)) + "; "
                + (isExpanding() ? "calibration on all data before each origin."
                        : "calibration on the " + units(slidingWindow) + " before each origin.");
    }

    /** "13 weeks", "1 week", or "13 time units" without a calendar. */
    private String units(double n) {
        String name = calendar == null ? "time unit" : calendar.unit().label();
        return plain(n) + " " + name + (n == 1 ? "" : "s");
    }

    /** A number without exponent and without a trailing ".0", to 6 significant digits. */
    static String plain(double v) {
        return plain(v, 6);
    }

    /** A number without exponent and without a trailing ".0", to {@code digits} significant digits. */
    static String plain(double v, int digits) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        double[] c = origins.stream().mapToDouble(PlannedOrigin::origin).toArray();
        return "OriginPlan[origins " + Arrays.toString(c) + ", horizon " + horizon + ", gap " + gap + ", "
                + (isExpanding() ? "expanding" : "sliding " + slidingWindow) + "]";
    }
}
