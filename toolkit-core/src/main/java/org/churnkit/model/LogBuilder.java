package org.churnkit.model;

import java.util.Arrays;
import org.churnkit.ChurnkitException;

/** Growable primitive columns for the simulators' transaction logs. */
final class LogBuilder {
    private int[] customer = new int[1024];
    private double[] time = new double[1024];
    private int size;

    void add(int c, double t) {
        if (size == customer.length) {
            if (size >= Integer.MAX_VALUE - 16) {
                throw new ChurnkitException("simulated log exceeds " + size + " transactions");
            }
            int n = (int) Math.min(Integer.MAX_VALUE - 8L, size * 2L);
            customer = Arrays.copyOf(customer, n);
            time = Arrays.copyOf(time, n);
        }
        customer[size] = c;
        time[size] = t;
        size++;
    }

    int size() {
        return size;
    }

    SimulatedLog build(double[] ages, long seed) {
        return new SimulatedLog(Arrays.copyOf(customer, size), Arrays.copyOf(time, size), null, ages.clone(), seed);
    }
}
