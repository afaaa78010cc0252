/**
 * The key the benchmark's databases encrypt personal data under (P3PD_DATA_KEY, which our server
 * needs on PostgreSQL). Fixed, so that the cached national demo stays readable run after run; it
 * protects synthetic data only.
 */
export const benchDataKey = "S2m1fO0s0J4Yj6b0mXl1r8Qe5Zb9c3Vt7Wq2Nn4Ka1E=";
