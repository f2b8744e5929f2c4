package views

// WidgetDOMID returns the DOM id of a widget's card, such as "widget-signups" for "signups". The
// card's id and every live update's target both come from here, so the two never drift apart.
func WidgetDOMID(widget string) string {
	return "widget-" + widget
}
