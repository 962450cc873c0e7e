package io.mesosbridge.operator.master;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;

@QuarkusTest
class HealthResourceTest {

    @Test
    void healthAnswers200WithAnEmptyBodyLikeAMesosMaster() {
        given().when().get("/health").then().statusCode(200).body(emptyString());
        given().when().get("/master/health").then().statusCode(200).body(emptyString());
    }
}
