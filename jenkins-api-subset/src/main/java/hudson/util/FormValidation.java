package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

public abstract class FormValidation extends IOException implements HttpResponse {
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind;

    /** Subset: upstream renders the verdict as HTML for the form; a test reads {@link #kind} and the message. */
    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation error(String message) {
        return new Verdict(Kind.ERROR, message);
    }

    public static FormValidation warning(String message) {
        return new Verdict(Kind.WARNING, message);
    }

    public static FormValidation ok(String message) {
        return new Verdict(Kind.OK, message);
    }

    public static FormValidation ok() {
        return new Verdict(Kind.OK, null);
    }

    private static final class Verdict extends FormValidation {
        private static final long serialVersionUID = 1L;

        Verdict(Kind kind, String message) {
            super(kind, message);
        }
    }
}
