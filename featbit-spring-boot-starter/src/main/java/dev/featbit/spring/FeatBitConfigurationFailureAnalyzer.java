package dev.featbit.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link FeatBitConfigurationException} into a startup report naming the properties to fix. */
public class FeatBitConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<FeatBitConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, FeatBitConfigurationException cause) {
    StringBuilder description = new StringBuilder("The FeatBit client could not be configured:\n");
    for (String p : cause.problems()) {
      description.append("\n    ").append(p);
    }
    description.append('\n');
    boolean property = cause.property().startsWith(FeatBitProperties.PREFIX + ".");
    String action = "Correct " + cause.property() + (cause.problems().size() > 1
        ? " and the other " + (property ? "properties" : "settings") + " listed" : "")
        + (property ? " in the application's configuration (application.properties/yml, environment variables, ...)"
            : " in the application's FBConfigCustomizer beans")
        + ", or set featbit.enabled=false to start without FeatBit.";
    return new FailureAnalysis(description.toString(), action, cause);
  }
}
