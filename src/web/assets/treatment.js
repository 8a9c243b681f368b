// Progressive enhancement for /treatment: "Use my location" fills the latitude,longitude field from the
// browser (only when the person allows it) and submits the form. Without JavaScript the field works by hand.
const container = document.getElementById('use-location');
const button = container?.querySelector('[data-use-location]');
const status = container?.querySelector('[data-location-status]');
const near = document.getElementById('near');
const zip = document.getElementById('zip');

if (container && button && near && 'geolocation' in navigator) {
  container.hidden = false;
  button.addEventListener('click', () => {
    if (status) status.textContent = 'Asking your browser for your location…';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        near.value = `${position.coords.latitude.toFixed(4)},${position.coords.longitude.toFixed(4)}`;
        if (zip) zip.value = '';
        if (status) status.textContent = 'Location found. Searching…';
        near.form?.submit();
      },
      () => {
        if (status) status.textContent = 'Your location is not available. Type a ZIP code instead.';
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
    );
  });
}
