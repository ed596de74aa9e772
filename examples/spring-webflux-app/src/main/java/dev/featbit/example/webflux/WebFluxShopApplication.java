package dev.featbit.example.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The shop API on Spring WebFlux. The starter creates one {@code FBClient} from the {@code featbit.*} properties,
 * waits for the flags at startup, closes it at shutdown, and gives reactive controllers the request's
 * {@code FBUser}.
 */
@SpringBootApplication
public class WebFluxShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(WebFluxShopApplication.class, args);
  }
}
