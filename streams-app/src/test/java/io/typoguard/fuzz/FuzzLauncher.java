package io.typoguard.fuzz;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one {@code @FuzzTest} in this JVM through the JUnit Platform launcher, as surefire does, for {@code run-fuzz.sh}:
 * {@code java -cp <test class path> io.typoguard.fuzz.FuzzLauncher ParserFuzzTest#parseJson} with {@code JAZZER_FUZZ=1}.
 * One Maven start per target cost about 15 s of the 22 s each 5-second target took in CI; a plain JVM costs a few.
 *
 * <p>Exit status 0 only when the target ran and passed: a finding (a failed test), an error, or a target that did not
 * run at all (a wrong name, a skip) is 1, so CI cannot pass on a target that never fuzzed.
 */
public final class FuzzLauncher {
    private FuzzLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzLauncher <Class>#<method> (a class of io.typoguard.fuzz, or a fully qualified one)");
            System.exit(2);
        }
        System.exit(run(args[0], new PrintWriter(System.out, true)));
    }

    /** Runs the target and returns the exit status (see the class comment). */
    static int run(String target, PrintWriter out) throws ClassNotFoundException {
        String className = target.substring(0, target.indexOf('#'));
        String methodName = target.substring(target.indexOf('#') + 1);
        Class<?> testClass = Class.forName(className.contains(".") ? className : FuzzLauncher.class.getPackageName() + "." + className);
        List<Method> methods = Arrays.stream(testClass.getDeclaredMethods()).filter(m -> m.getName().equals(methodName)).toList();
        if (methods.size() != 1) {
            out.println("FuzzLauncher: " + testClass.getName() + " has " + methods.size() + " methods named " + methodName + ", expected one");
            return 1;
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(testClass, methods.get(0)))
                // JUnit must not apply @Timeout to the whole fuzzing run; Jazzer turns it into libFuzzer's per-input -timeout.
                .configurationParameter("junit.jupiter.execution.timeout.mode", "disabled")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(out);
        summary.printFailuresTo(out, 40);
        boolean ran = summary.getTestsSucceededCount() > 0;
        boolean clean = summary.getTotalFailureCount() == 0 && summary.getTestsSkippedCount() == 0 && summary.getTestsAbortedCount() == 0;
        return ran && clean ? 0 : 1;
    }
}
