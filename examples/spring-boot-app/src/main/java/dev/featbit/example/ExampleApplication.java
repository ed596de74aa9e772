package dev.featbit.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop API using FeatBit through the Spring Boot starter. The starter creates one {@code FBClient} from
 * the {@code featbit.*} properties, waits for the flags at startup, closes it at shutdown, and gives controllers
 * the request's {@code FBUser}.
 *
 * <p>Flags used: {@code beta-reports} (boolean), {@code new-search-engine} (boolean, percentage rollout),
 * {@code pricing-experiment} (string: {@code standard} / {@code discount}), {@code maintenance-mode} (boolean) and
 * {@code ui-config} (JSON).
 */
@SpringBootApplication
public class ExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
