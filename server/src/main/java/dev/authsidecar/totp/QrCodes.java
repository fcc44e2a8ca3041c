package dev.authsidecar.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Renders a text as a QR code, as PNG bytes and as a standalone SVG document. */
final class QrCodes {
  private static final int PIXELS_PER_MODULE = 6;
  private static final int QUIET_ZONE_MODULES = 4; // ISO/IEC 18004 §6.3.8

  private final BitMatrix matrix;

  private QrCodes(BitMatrix matrix) {
    this.matrix = matrix;
  }

  static QrCodes of(String text) {
    try {
      return new QrCodes(
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      QUIET_ZONE_MODULES,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8")));
    } catch (WriterException e) {
      // Only texts longer than a QR code can hold get here; ours are bounded far below that.
      throw new IllegalStateException("text does not fit a QR code", e);
    }
  }

  byte[] png() {
    int size = matrix.getWidth() * PIXELS_PER_MODULE;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean dark = matrix.get(x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE);
        image.setRGB(x, y, dark ? 0x000000 : 0xFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  String svg() {
    int modules = matrix.getWidth();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < modules; y++) {
      for (int x = 0; x < modules; x++) {
        if (matrix.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + modules
        + " "
        + modules
        + "\" width=\""
        + modules * PIXELS_PER_MODULE
        + "\" height=\""
        + modules * PIXELS_PER_MODULE
        + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\""
        + path
        + "\"/></svg>";
  }
}
