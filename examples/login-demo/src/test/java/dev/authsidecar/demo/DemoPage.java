package dev.authsidecar.demo;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The login demo's page as a user sees it: buttons to press and the status line to read. */
final class DemoPage {
  /** What the page reported after an action: ok or error, and its text. */
  record Result(String state, String text) {
    boolean ok() {
      return state.equals("ok");
    }
  }

  private final WebDriver driver;
  private final String url;

  DemoPage(WebDriver driver, String url) {
    this.driver = driver;
    this.url = url;
  }

  Result open() {
    driver.manage().deleteAllCookies();
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(d -> Integer.parseInt(status().getDomAttribute("data-seq")) > 0);
    return result();
  }

  Result signUp(String username, String password) {
    type("username", username);
    type("password", password);
    return press("signup");
  }

  Result signIn(String username, String password) {
    type("username", username);
    type("password", password);
    return press("signin");
  }

  Result signOut() {
    return press("signout");
  }

  /** From the sign-in form, without a username (the discoverable flow). */
  Result signInWithPasskey() {
    return press("passkey-signin");
  }

  /** The second factor after the password, with a key of that user. */
  Result verifyWithKey() {
    return press("key-verify");
  }

  Result verifyTotp(String code) {
    type("totp-code", code);
    return press("totp-verify");
  }

  Result registerKey(String label) {
    type("key-label", label);
    return press("key-register");
  }

  /** Starts the authenticator app set-up; the QR code and the secret are then on the page. */
  Result beginTotp(String label) {
    type("totp-label", label);
    return press("totp-begin");
  }

  String totpSecret() {
    return driver.findElement(By.id("totp-secret")).getText();
  }

  String totpQrSource() {
    return driver.findElement(By.id("totp-qr")).getDomProperty("src");
  }

  Result confirmTotp(String code) {
    type("totp-confirm-code", code);
    return press("totp-confirm");
  }

  Result removeFactor(String label) {
    WebElement item =
        driver.findElements(By.cssSelector("#factors li")).stream()
            .filter(li -> li.findElement(By.className("label")).getText().equals(label))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no factor labelled " + label));
    return click(item.findElement(By.className("remove")));
  }

  /** The factors listed for the signed-in user, as "TYPE:label". */
  List<String> factors() {
    return driver.findElements(By.cssSelector("#factors li")).stream()
        .map(
            li ->
                li.getDomAttribute("data-type")
                    + ":"
                    + li.findElement(By.className("label")).getText())
        .toList();
  }

  /** The signed-in username, empty when nobody is fully signed in. */
  String who() {
    return driver.findElement(By.id("who")).getText();
  }

  boolean secondFactorShown() {
    return driver.findElement(By.id("second-factor")).isDisplayed();
  }

  private void type(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private Result press(String id) {
    return click(driver.findElement(By.id(id)));
  }

  /** Clicks and waits until the page reports the result of that click. */
  private Result click(WebElement button) {
    int before = Integer.parseInt(status().getDomAttribute("data-seq"));
    button.click();
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> Integer.parseInt(status().getDomAttribute("data-seq")) > before);
    return result();
  }

  private Result result() {
    WebElement status = status();
    return new Result(status.getDomAttribute("data-state"), status.getText());
  }

  private WebElement status() {
    return driver.findElement(By.id("status"));
  }
}
